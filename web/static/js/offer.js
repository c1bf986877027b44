// The structured offer panel: a value for any of the scenario's issues, sent as an ordinary
// turn in the scenario's language ("Nous proposons : prix unitaire 650 €, garantie 5 ans."),
// so the counterpart, the transcript and the scoring read it like any other offer.
import { formatValue } from "./format.js";

const LEAD = { fr: "Nous proposons :", en: "We propose:" };

export function offerText(issues, values, lang) {
  const parts = [];
  for (const issue of issues) {
    const raw = values[issue.id];
    if (raw === undefined || raw === null || raw === "") continue;
    const shown = issue.range ? formatValue(issue, Number(raw), lang) : String(raw);
    parts.push(`${issue.label} ${shown}`);
  }
  return parts.length ? `${LEAD[lang] || LEAD.fr} ${parts.join(", ")}.` : "";
}

export function initOfferPanel({ issues, lang, t, onSend }) {
  const form = document.getElementById("offer-form");
  const rows = document.getElementById("offer-issues");
  for (const issue of issues) {
    const row = document.createElement("div");
    const label = document.createElement("label");
    label.textContent = issue.label;
    label.htmlFor = `offer-${issue.id}`;
    let input;
    if (issue.range) {
      input = document.createElement("input");
      input.type = "number";
      [input.min, input.max] = issue.range;
      input.step = issue.step || "any";
      input.placeholder = `${formatValue(issue, issue.range[0], lang)} – ${formatValue(issue, issue.range[1], lang)}`;
    } else {
      input = document.createElement("select");
      const none = document.createElement("option");
      none.value = "";
      none.textContent = "—";
      input.append(none);
      for (const option of issue.options || []) {
        const o = document.createElement("option");
        o.value = option;
        o.textContent = option;
        input.append(o);
      }
    }
    input.name = issue.id;
    input.id = `offer-${issue.id}`;
    row.append(label, input);
    rows.append(row);
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const text = offerText(issues, Object.fromEntries(new FormData(form)), lang);
    if (!text) return;
    onSend(text);
    form.reset();
  });
  keepFocusInside(document.getElementById("offer-panel"));
  return {
    setEnabled(enabled) {
      document.getElementById("offer-fields").disabled = !enabled;
    },
  };
}

const FOCUSABLE = "summary, button:not(:disabled), input:not(:disabled), select:not(:disabled)";

// An open panel keeps the keyboard: Tab cycles inside it, Escape closes it and gives the
// focus back to its summary.
export function keepFocusInside(details) {
  if (!details) return;
  details.addEventListener("keydown", (e) => {
    if (!details.open) return;
    const summary = details.querySelector("summary");
    if (e.key === "Escape") {
      e.preventDefault();
      details.open = false;
      summary.focus();
      return;
    }
    if (e.key !== "Tab") return;
    const items = [...details.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest("fieldset:disabled") || el === summary);
    if (!items.length) return;
    const [first, last] = [items[0], items[items.length - 1]];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  });
}
