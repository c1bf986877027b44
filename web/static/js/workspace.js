// The scenario workspace: the state diagram drawn by mermaid (its text stays as a fallback),
// and the editor: line numbers, a debounced check against /workspace/validate, each finding
// shown at its line and reachable with a click, the diagram redrawn from the draft.
/* global mermaid */

const picture = document.getElementById("diagram-picture");
const diagramText = document.getElementById("diagram-text");
let drawn = 0;

if (window.mermaid) {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
}

async function draw(text) {
  if (!picture) return;
  if (!text) {
    picture.classList.add("stale"); // a broken draft: the last good drawing, greyed
    return;
  }
  if (diagramText) diagramText.textContent = text;
  if (!window.mermaid) {
    diagramText?.closest("details")?.setAttribute("open", "");
    return;
  }
  const id = `diagram-svg-${++drawn}`;
  try {
    const { svg } = await mermaid.render(id, text);
    if (id !== `diagram-svg-${drawn}`) return; // a later draft wins
    picture.innerHTML = svg;
    picture.classList.remove("stale");
  } catch (err) {
    picture.replaceChildren(); // the text stays readable instead
    diagramText?.closest("details")?.setAttribute("open", "");
    document.getElementById(`d${id}`)?.remove(); // mermaid's leftover error box
  }
}

const form = document.getElementById("editor-form");
if (!form) {
  draw(diagramText ? diagramText.textContent : "");
} else {
  editor(form);
}

function editor(form) {
  const source = document.getElementById("source");
  const gutter = document.getElementById("gutter");
  const list = document.getElementById("findings");
  const status = document.getElementById("status");
  const buttons = form.querySelectorAll("button[type=submit]");
  const words = JSON.parse(document.getElementById("editor-words").textContent);
  const token = document.querySelector("meta[name=csrf-token]").content;
  const maxBytes = Number(form.dataset.maxBytes);
  let errorLines = new Set();
  let asked = 0;
  let timer = null;

  function numbers() {
    const count = source.value.split("\n").length;
    const rows = [];
    for (let n = 1; n <= count; n++) {
      const span = document.createElement("span");
      span.textContent = `${n}\n`;
      span.dataset.line = n;
      if (errorLines.has(n)) span.className = "bad";
      rows.push(span);
    }
    gutter.replaceChildren(...rows);
    gutter.scrollTop = source.scrollTop;
  }

  function goTo(line) {
    const lines = source.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const end = start + (lines[line - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
    const height = parseFloat(getComputedStyle(source).lineHeight) || 20;
    source.scrollTop = Math.max(0, (line - 5) * height);
    gutter.scrollTop = source.scrollTop;
    gutter.querySelectorAll(".current").forEach((s) => s.classList.remove("current"));
    gutter.querySelector(`[data-line="${line}"]`)?.classList.add("current");
  }

  function show(verdict) {
    const findings = verdict.findings || [];
    errorLines = new Set(findings.filter((f) => f.level === "error" && f.line).map((f) => f.line));
    const items = findings.map((f) => {
      const li = document.createElement("li");
      li.className = `finding ${f.level}`;
      if (f.line) li.dataset.line = f.line;
      const where = document.createElement(f.line ? "button" : "span");
      where.type = "button";
      where.className = "where link";
      where.textContent = f.line ? `${words.line} ${f.line}` : "";
      if (f.line) where.addEventListener("click", () => goTo(f.line));
      const path = document.createElement("code");
      path.textContent = f.path;
      li.append(where, " ", path, " ", f.message);
      return li;
    });
    if (!items.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = words.clean;
      items.push(li);
    }
    list.replaceChildren(...items);
    status.textContent = verdict.ok ? words.ok : words.errors;
    status.dataset.state = verdict.ok ? "ok" : "errors";
    buttons.forEach((b) => (b.disabled = !verdict.ok));
    numbers();
    draw(verdict.diagram);
  }

  // One check in flight per editor: typing during a check asks for one more afterwards.
  let busy = false;
  let again = false;

  async function check() {
    if (busy) {
      again = true;
      return;
    }
    const mine = ++asked;
    if (new TextEncoder().encode(source.value).length > maxBytes) {
      show({ ok: false, findings: [{ level: "error", line: null, path: "", message: words.too_large }] });
      return;
    }
    busy = true;
    status.textContent = words.checking;
    status.dataset.state = "checking";
    try {
      const response = await fetch(form.dataset.validate, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ source: source.value }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const verdict = await response.json();
      if (mine === asked && !again) show(verdict);
    } catch (err) {
      if (mine === asked && !again) status.textContent = words.failed;
    } finally {
      busy = false;
      if (again) {
        again = false;
        check();
      }
    }
  }

  // Leaving with unsaved changes asks first; saving does not.
  let dirty = false;
  form.addEventListener("submit", () => (dirty = false));
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  source.addEventListener("input", () => {
    dirty = true;
    numbers();
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
  source.addEventListener("scroll", () => (gutter.scrollTop = source.scrollTop));
  show(JSON.parse(document.getElementById("verdict").textContent));
}
