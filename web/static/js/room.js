// The room: join, send turns until acknowledged, show every recorded event once, in order.
import { initAnnotations } from "./annotations.js";
import { clock, formatValue } from "./format.js";
import { initOfferPanel } from "./offer.js";
import { initSheet } from "./sheet.js";

const body = document.body;
const code = body.dataset.code;
const lang = body.dataset.lang;
const issues = JSON.parse(document.getElementById("issues-data").textContent);
const t = JSON.parse(document.getElementById("i18n-data").textContent);
const storeKey = `negosim:${code}`;
const $ = (id) => document.getElementById(id);

const state = {
  lastSeq: 0,
  member: null,
  owner: false,
  token: null,
  status: "waiting",
  startedAt: null,
  durationS: 0,
  offsetMs: 0,
  prepEndsAt: null,
  pending: new Map(), // client_id -> {text, li, attempts}
  typingTimer: null,
  lastTypingSent: 0,
  annotations: null, // staff watching only: their private notes on turns
};

const saved = JSON.parse(localStorage.getItem(storeKey) || "null");
const socket = io("/room", { transports: ["websocket", "polling"], reconnectionDelayMax: 4000 });
const sheet = initSheet({
  socket,
  t,
  onError: (err) => showError(err),
  onStatus: (text) => ($("sheet-status").textContent = text),
});

// -- joining --------------------------------------------------------------------------

function join(name, role) {
  const payload = { code, name, role, token: state.token, last_seq: state.lastSeq };
  socket.emit("join", payload, (ack) => {
    if (!ack || !ack.ok) return showError(ack && ack.error);
    state.member = ack.member;
    state.owner = Boolean(ack.owner);
    state.token = ack.token;
    localStorage.setItem(storeKey, JSON.stringify({ token: ack.token, name: ack.member.name, role: ack.member.role }));
    $("join-panel").hidden = true;
    $("room-body").hidden = false;
    if (ack.annotations) watchAsStaff(ack.annotations);
    applyState(ack.state);
    applyEvents(ack.events);
    for (const [clientId, p] of state.pending) sendPending(clientId, p);
    sheet.resend();
  });
}

$("join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  join(form.get("name"), form.get("role"));
});

socket.on("connect", () => {
  hideError();
  if (state.token || saved) {
    state.token = state.token || saved.token;
    join(saved ? saved.name : "", saved ? saved.role : "lead");
  }
});
socket.on("disconnect", () => showError({ message: t.connection_lost }));
socket.on("error", (err) => showError(err));
socket.on("events", (events) => applyEvents(events));
socket.on("presence", (members) => renderPresence(members));
socket.on("annotation", (note) => state.annotations?.receive(note, turnItem));
socket.on("typing", (who) => {
  $("typing").textContent = t.typing.replace("{name}", who.name);
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(() => ($("typing").textContent = ""), 3000);
});

// -- events, in sequence ----------------------------------------------------------------

function applyEvents(events) {
  for (const e of events) {
    if (e.seq <= state.lastSeq) continue;
    if (e.seq > state.lastSeq + 1) return catchUp();
    state.lastSeq = e.seq;
    render(e);
  }
}

function catchUp() {
  socket.emit("catch_up", { last_seq: state.lastSeq }, (ack) => {
    if (ack && ack.ok) {
      applyState(ack.state);
      applyEvents(ack.events);
    }
  });
}

function render(e) {
  const p = e.payload;
  switch (e.kind) {
    case "turn":
      return renderTurn(e);
    case "run.created":
      state.prepEndsAt = p.prep_s ? Date.parse(e.at) + p.prep_s * 1000 : null;
      if (state.status === "waiting" && state.prepEndsAt) setPhase("preparation");
      return undefined;
    case "member.joined":
      return note(t.joined.replace("{name}", p.name));
    case "negotiation.started":
      state.status = "negotiating";
      state.startedAt = Date.parse(e.at);
      state.durationS = p.duration_s;
      note(t.started);
      return updateControls();
    case "state.changed":
      return setPhase(p.dest);
    case "terms":
      return renderTerms(p.table);
    case "sheet.updated":
      return sheet.apply(p);
    case "run.ended":
      state.status = "ended";
      note(`${t.ended} ${p.summary || ""}`);
      setPhase(p.outcome);
      return updateControls();
    default:
      return undefined;
  }
}

function renderTurn(e) {
  const p = e.payload;
  const mine = state.member && p.speaker === `member:${state.member.id}`;
  let li = null;
  for (const [clientId, pending] of state.pending) {
    // Our own turn, acknowledged or not yet (the ack can follow the broadcast): take its line.
    if (mine && pending.text === p.text && (pending.acked === e.seq || pending.acked === null)) {
      li = pending.li;
      state.pending.delete(clientId);
      break;
    }
  }
  li = li || document.createElement("li");
  li.className = `turn ${p.speaker === "counterpart" ? "counterpart" : "candidate"}${mine ? " mine" : ""}`;
  li.dataset.seq = e.seq;
  li.replaceChildren();
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = p.speaker === "counterpart" ? `${t.counterpart} (${p.name})` : p.name;
  const when = document.createElement("span");
  when.className = "when";
  when.textContent = clock(e.elapsed_s);
  const text = document.createElement("p");
  text.className = "text";
  text.textContent = p.text; // always text, never HTML
  li.append(who, when, text);
  if (state.annotations) state.annotations.attach(li, e.seq);
  place(li);
  li.scrollIntoView({ block: "end" });
}

// -- staff watching: private annotations of turns, over the socket ------------------------

function turnItem(seq) {
  return document.querySelector(`#transcript li.turn[data-seq="${seq}"]`);
}

function watchAsStaff(notes) {
  if (state.annotations) {
    notes.forEach((n) => state.annotations.receive(n, turnItem));
    return;
  }
  state.annotations = initAnnotations({
    notes,
    t: t.annotations,
    send: (seq, text) =>
      new Promise((resolve, reject) => {
        socket.timeout(8000).emit("annotate", { seq, text }, (err, ack) => {
          if (err) return reject(new Error(t.connection_lost));
          return ack.ok ? resolve(ack.annotation) : reject(new Error(ack.error.message));
        });
      }),
  });
  document.querySelectorAll("#transcript li.turn[data-seq]").forEach((li) => {
    state.annotations.attach(li, Number(li.dataset.seq));
  });
}

function note(message) {
  const li = document.createElement("li");
  li.className = "note";
  li.textContent = message;
  place(li);
}

// Recorded events go in sequence order, above this member's turns still being sent.
function place(li) {
  $("transcript").insertBefore(li, $("transcript").querySelector(".turn.pending"));
}

function renderTerms(table) {
  const tbody = $("terms").querySelector("tbody");
  tbody.replaceChildren();
  for (const issue of issues) {
    const ours = table.learner ? table.learner[issue.id] : undefined;
    const theirs = table.counterpart ? table.counterpart[issue.id] : undefined;
    if (ours === undefined && theirs === undefined) continue;
    const tr = document.createElement("tr");
    for (const cell of [issue.label, formatValue(issue, ours, lang), formatValue(issue, theirs, lang)]) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    tbody.append(tr);
  }
}

function renderPresence(members) {
  const ul = $("presence");
  ul.replaceChildren(...members.map((m) => {
    const li = document.createElement("li");
    li.textContent = `${m.name} · ${m.role}`;
    return li;
  }));
}

function setPhase(phase) {
  $("phase").dataset.phase = phase;
  $("phase").textContent = t[phase] || phase;
}

function applyState(s) {
  if (!s) return;
  state.status = s.status;
  state.durationS = s.duration_s;
  state.startedAt = s.started_at ? Date.parse(s.started_at) : null;
  state.offsetMs = Date.parse(s.server_now) - Date.now();
  setPhase(s.status === "waiting" ? (state.prepEndsAt ? "preparation" : "waiting") : s.phase);
  if (s.table) renderTerms(s.table);
  updateControls();
}

function updateControls() {
  const speaking = state.member && state.member.role !== "observer";
  const live = state.status === "negotiating";
  $("say-text").disabled = !(speaking && live);
  $("say-button").disabled = !(speaking && live);
  offers.setEnabled(Boolean(speaking && live));
  $("start-button").hidden = !(speaking && state.status === "waiting");
  $("end-button").hidden = !(speaking && live && state.owner); // only the owner ends early
  $("debrief-link").hidden = state.status !== "ended";
  sheet.setEditable(Boolean(speaking) && state.status !== "ended");
}

// -- sending: an id per turn, retried until acknowledged ----------------------------------

$("say-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("say-text").value.trim();
  if (!text) return;
  $("say-text").value = "";
  sendTurn(text);
});

const offers = initOfferPanel({ issues, lang, t, onSend: (text) => sendTurn(text) });

function sendTurn(text) {
  const clientId = crypto.randomUUID();
  const li = document.createElement("li");
  li.className = "turn candidate mine pending";
  const p = document.createElement("p");
  p.className = "text";
  p.textContent = text;
  const s = document.createElement("span");
  s.className = "when";
  s.textContent = t.pending;
  li.append(s, p);
  $("transcript").append(li);
  const pending = { text, li, attempts: 0, acked: null };
  state.pending.set(clientId, pending);
  sendPending(clientId, pending);
}

function sendPending(clientId, pending) {
  if (pending.acked || !socket.connected) return;
  pending.attempts += 1;
  socket.timeout(8000).emit("say", { client_id: clientId, text: pending.text }, (err, ack) => {
    if (err) return setTimeout(() => sendPending(clientId, pending), Math.min(8000, 500 * 2 ** pending.attempts));
    if (!ack.ok) {
      pending.li.remove();
      state.pending.delete(clientId);
      return showError(ack.error);
    }
    pending.acked = ack.seq;
    pending.li.classList.remove("pending");
    if (ack.seq <= state.lastSeq) {
      const shown = document.querySelector(`#transcript li[data-seq="${ack.seq}"]`);
      if (shown && shown !== pending.li) pending.li.remove();
      state.pending.delete(clientId);
    }
  });
}

$("say-text").addEventListener("input", () => {
  const now = Date.now();
  if (now - state.lastTypingSent > 2000) {
    state.lastTypingSent = now;
    socket.emit("typing", {});
  }
});
$("say-text").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    $("say-form").requestSubmit();
  }
});
$("start-button").addEventListener("click", () => socket.emit("start", {}, (ack) => ack && !ack.ok && showError(ack.error)));
$("end-button").addEventListener("click", () => socket.emit("end", {}, (ack) => ack && !ack.ok && showError(ack.error)));

// -- clock --------------------------------------------------------------------------------

setInterval(() => {
  if (state.status === "waiting" && state.prepEndsAt) {
    // Preparation time left; the team starts when it is ready, the clock only informs.
    $("clock").textContent = clock((state.prepEndsAt - Date.now() - state.offsetMs) / 1000);
    return;
  }
  if (state.status !== "negotiating" || !state.startedAt) return;
  const elapsed = (Date.now() + state.offsetMs - state.startedAt) / 1000;
  $("clock").textContent = clock(state.durationS - elapsed);
}, 500);

function showError(err) {
  if (!err) return;
  $("error").textContent = err.message || String(err);
  $("error").hidden = false;
}
function hideError() {
  $("error").hidden = true;
}
