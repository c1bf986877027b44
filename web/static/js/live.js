// A cohort's rooms, live: the table is polled from its JSON every few seconds.
import { clock } from "./format.js";

const table = document.getElementById("live-rooms");
const t = JSON.parse(document.getElementById("live-i18n").textContent);
const every = Number(table.dataset.refreshS) * 1000;

function cell(content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function link(href, text, className) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  if (className) a.className = className;
  return a;
}

function row(r) {
  const tr = document.createElement("tr");
  tr.dataset.run = r.id;
  const code = document.createElement("strong");
  code.textContent = r.code;
  let status = t.statuses[r.status] || r.status;
  if (r.phase && r.status === "negotiating") status += ` · ${t.phases[r.phase] || r.phase}`;
  const last = r.last_turn_at ? new Date(r.last_turn_at).toLocaleTimeString() : "—";
  tr.append(
    cell(code),
    cell(status, "status"),
    cell(r.present.map((m) => m.name).join(", ") || "—", "present"),
    cell(r.elapsed_s === null ? "—" : clock(r.elapsed_s), "elapsed"),
    cell(String(r.turns), "turns"),
    cell(last, "last-turn"),
    cell(r.status === "ended" ? link(r.debrief, t.debrief) : link(r.link, t.watch, "watch")),
  );
  return tr;
}

async function refresh() {
  try {
    const response = await fetch(table.dataset.url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const { rooms } = await response.json();
    const body = table.querySelector("tbody");
    if (rooms.length) {
      body.replaceChildren(...rooms.map(row));
    } else {
      const empty = cell(t.none, "muted");
      empty.colSpan = 7;
      body.replaceChildren(document.createElement("tr"));
      body.firstChild.append(empty);
    }
    document.getElementById("live-updated").textContent = t.updated.replace("{time}", new Date().toLocaleTimeString());
  } finally {
    setTimeout(refresh, every);
  }
}

setTimeout(refresh, every);
