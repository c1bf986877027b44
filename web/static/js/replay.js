// Replay a recorded session turn by turn: play, pause, speed, seek.
import { initAnnotations } from "./annotations.js";
import { clock, formatValue } from "./format.js";
import { tableAt, tableRows } from "./table.js";

const events = JSON.parse(document.getElementById("events-data").textContent);
const turns = events.filter((e) => e.kind === "turn");
const context = JSON.parse(document.getElementById("replay-context").textContent);
const { issues, lang, t, words, needs, objections } = context;
const phase = (name) => words.phases[name] || String(name).replaceAll("_", " ");
const quoted = (text) => (lang === "fr" ? `« ${text} »` : `“${text}”`); // the lines' language
const objection = (id) => (objections[id] ? quoted(objections[id]) : id);

// What happened after each turn, before the next one: the phase, objections, needs, the clock.
const NOTES = {
  "state.changed": (p) => t.phase.replace("{phase}", phase(p.dest)),
  "objection.raised": (p) => t.objection_raised.replace("{id}", objection(p.objection)),
  "objection.resolved": (p) =>
    (p.resolved ? t.objection_resolved : t.objection_open).replace("{id}", objection(p.objection)),
  "need.revealed": (p) => t.need_revealed.replace("{id}", needs[p.need] || p.need),
  "clock.milestone": (p) => t.time_left.replace("{minutes}", Math.round(p.remaining_s / 60)),
  "owner.changed": (p) => t.owner.replace("{name}", p.name),
};
const after = new Map();
let lastTurn = null;
for (const e of events) {
  if (e.kind === "turn") lastTurn = e.seq;
  else if (lastTurn !== null && NOTES[e.kind]) {
    after.set(lastTurn, [...(after.get(lastTurn) || []), NOTES[e.kind](e.payload)]);
  }
}
const list = document.getElementById("replay");
const seek = document.getElementById("seek");
const position = document.getElementById("position");
const playButton = document.getElementById("play");
let shown = 0;
let timer = null;
seek.max = String(turns.length);

// Staff only: the page carries the notes and where to send new ones.
const notesData = document.getElementById("annotations-data");
const annotations = notesData
  ? initAnnotations({
      notes: JSON.parse(notesData.textContent),
      t: JSON.parse(document.getElementById("annotate-i18n").textContent),
      send: async (seq, text) => {
        const csrf = document.querySelector('meta[name="csrf-token"]').content;
        const response = await fetch(notesData.dataset.url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify({ seq, text }),
        });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(answer.error?.message || response.statusText);
        return answer.annotation;
      },
    })
  : null;

function item(e) {
  const li = document.createElement("li");
  const p = e.payload;
  li.id = `seq-${e.seq}`;
  li.className = `turn ${p.speaker === "counterpart" ? "counterpart" : "candidate"}`;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = p.name || p.speaker;
  const when = document.createElement("span");
  when.className = "when";
  when.textContent = clock(e.elapsed_s);
  const text = document.createElement("p");
  text.className = "text";
  text.textContent = p.text;
  const acts = document.createElement("span");
  acts.className = "acts";
  acts.textContent = (p.acts || []).map((a) => words.acts[a] || a.replaceAll(".", " ")).join(" · ");
  const figures = document.createElement("span");
  figures.className = "figures";
  figures.textContent = (p.entities || []).map((f) => f.text).join(" · ");
  li.append(who, when, text, acts, figures);
  if (context.branch_url && p.speaker !== "counterpart") li.append(tryAgain(e.seq));
  for (const line of after.get(e.seq) || []) {
    const note = document.createElement("p");
    note.className = "happened";
    note.textContent = line;
    li.append(note);
  }
  if (annotations) annotations.attach(li, e.seq);
  return li;
}

// « Play again from this turn »: a new room where every turn before this one is played.
function tryAgain(seq) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = context.branch_url;
  form.className = "try-again";
  for (const [name, value] of [
    ["csrf_token", document.querySelector('meta[name="csrf-token"]').content],
    ["seq", String(seq)],
  ]) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "link";
  button.textContent = t.try_again;
  form.append(button);
  return form;
}

// The table as it stood once the last shown turn (and what it put on the table) was recorded.
function renderTable() {
  const next = turns[shown];
  const table = tableAt(events, next ? next.seq - 1 : Infinity);
  const rows = tableRows(issues, table, (issue, value) => formatValue(issue, value, lang));
  const tbody = document.querySelector("#terms tbody");
  tbody.replaceChildren(
    ...rows.map((cells) => {
      const tr = document.createElement("tr");
      for (const cell of cells) {
        const td = document.createElement("td");
        td.textContent = cell;
        tr.append(td);
      }
      return tr;
    }),
  );
  document.getElementById("terms-empty").hidden = rows.length > 0;
}

function showUntil(n) {
  shown = Math.max(0, Math.min(n, turns.length));
  list.replaceChildren(...turns.slice(0, shown).map(item));
  renderTable();
  seek.value = String(shown);
  position.textContent = clock(shown ? turns[shown - 1].elapsed_s : 0);
  if (shown) list.lastChild.scrollIntoView({ block: "nearest" });
}

function tick() {
  showUntil(shown + 1);
  if (shown >= turns.length) return pause();
  const speed = Number(document.getElementById("speed").value);
  const next = turns[shown];
  const gap = next ? Math.max(300, ((next.elapsed_s - turns[shown - 1].elapsed_s) * 1000) / speed) : 0;
  timer = setTimeout(tick, Math.min(gap, 4000));
}
function pause() {
  clearTimeout(timer);
  timer = null;
  playButton.textContent = playButton.dataset.play;
}
// Play from where the replay stands; from the end, from the start again.
function play() {
  if (shown >= turns.length) showUntil(0);
  playButton.textContent = t.pause;
  tick();
}
playButton.dataset.play = playButton.textContent;
playButton.addEventListener("click", () => (timer ? pause() : play()));
document.getElementById("step").addEventListener("click", () => {
  pause();
  showUntil(shown + 1);
});
seek.addEventListener("input", () => {
  pause();
  showUntil(Number(seek.value));
});

const target = location.hash.match(/^#seq-(\d+)$/);
if (target) {
  const index = turns.findIndex((e) => e.seq >= Number(target[1]));
  showUntil(index + 1);
  document.getElementById(`seq-${turns[index]?.seq}`)?.classList.add("highlight");
} else {
  showUntil(Math.min(1, turns.length)); // the start: the first turn, then play or step on
}
