// Trainers' private notes on turns: shown beside each turn, written from a small form.
// Used by the replay (sent over HTTP) and the room (sent over the socket); only staff pages
// carry the data and the control, the server refuses everyone else anyway.

export function initAnnotations({ notes, t, send }) {
  const bySeq = new Map();
  const add = (n) => {
    const list = bySeq.get(n.seq) || [];
    if (!list.some((m) => m.id === n.id)) list.push(n);
    bySeq.set(n.seq, list);
  };
  notes.forEach(add);

  function render(box, seq) {
    box.replaceChildren(
      ...(bySeq.get(seq) || []).map((n) => {
        const li = document.createElement("li");
        li.className = "annotation";
        const who = document.createElement("span");
        who.className = "who";
        who.textContent = `${n.by} · ${new Date(n.at).toLocaleString()}`;
        const text = document.createElement("p");
        text.textContent = n.text; // text, never HTML
        li.append(who, text);
        return li;
      }),
    );
  }

  // The notes and the annotate control for one turn's element.
  function attach(li, seq) {
    li.querySelector(".annotations")?.remove();
    const wrap = document.createElement("div");
    wrap.className = "annotations";
    const box = document.createElement("ul");
    box.className = "annotation-list";
    render(box, seq);
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = t.annotate;
    const form = document.createElement("form");
    const area = document.createElement("textarea");
    area.maxLength = 1000;
    area.rows = 2;
    area.placeholder = t.placeholder;
    area.setAttribute("aria-label", t.annotate);
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = t.save;
    form.append(area, button);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      button.disabled = true;
      try {
        const note = await send(seq, text);
        add(note);
        render(box, seq);
        area.value = "";
        details.open = false;
      } catch (err) {
        area.setCustomValidity(err.message || t.failed);
        area.reportValidity();
        area.setCustomValidity("");
      } finally {
        button.disabled = false;
      }
    });
    details.append(summary, form);
    wrap.append(box, details);
    li.append(wrap);
  }

  // A note written elsewhere (another trainer, live): shown if its turn is on the page.
  function receive(note, find) {
    add(note);
    const box = find(note.seq)?.querySelector(".annotation-list");
    if (box) render(box, note.seq);
  }

  return { attach, receive };
}
