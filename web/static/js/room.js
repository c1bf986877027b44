// The room: join, send turns until acknowledged, show every recorded event once, in order.
import { initAnnotations } from "./annotations.js";
import { clock, formatValue } from "./format.js";
import { initOfferPanel } from "./offer.js";
import { initSheet } from "./sheet.js";

const body = document.body;
const code = body.dataset.code;
const teams = body.dataset.mode === "teams";
const lang = body.dataset.lang;
const issues = JSON.parse(document.getElementById("issues-data").textContent);
const t = JSON.parse(document.getElementById("i18n-data").textContent);
const storeKey = `negosim:${code}`;
const $ = (id) => document.getElementById(id);

const state = {
  lastSeq: 0,
  member: null,
  owner: false,
  sides: {}, // side -> {stance, company, role}: what everyone may know of each side
  owners: {}, // side -> {member_id, name}: who may end the room (a side's owner, in teams)
  sheets: { learner: {}, counterpart: {} }, // side -> field -> last sheet.updated payload
  sheetSide: "learner", // the side whose sheet is shown (a staff observer may switch)
  table: {},
  token: null,
  status: "waiting",
  startedAt: null,
  durationS: 0,
  offsetMs: 0,
  prepEndsAt: null,
  pending: new Map(), // client_id -> {text, li, attempts, acked, order}
  sent: 0, // turns sent from this page: the order refused ones are given back in
  refused: [], // refused turns now back in the box, in the order they were sent
  restored: [], // [{block}]: the box's text as restoreRefused left it (typing after it is kept)
  typingTimer: null,
  lastTypingSent: 0,
  annotations: null, // staff watching only: their private notes on turns
  accepting: null, // the other team's terms shown in the confirmation panel, if open
  presence: null, // who is connected, as the server last said
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

function join(name, role) { // team against team, the code itself names the side
  const payload = { code, name, role, token: state.token, last_seq: state.lastSeq };
  socket.emit("join", payload, (ack) => {
    if (!ack || !ack.ok) return showError(ack && ack.error);
    state.member = ack.member;
    state.owner = Boolean(ack.owner);
    state.token = ack.token;
    renderPresence(state.presence || []); // the "you" marker, now that we know who we are
    localStorage.setItem(storeKey, JSON.stringify({ token: ack.token, name: ack.member.name, role: ack.member.role }));
    showBriefs(ack.briefs);
    state.owners = ack.owners || {};
    showOwners();
    $("join-panel").hidden = true;
    if ($("ended-panel")) $("ended-panel").hidden = true; // a member back in its ended room
    $("room-body").hidden = false;
    if (ack.annotations) watchAsStaff(ack.annotations);
    applyState(ack.state);
    applyCaughtUp(ack.events, ack.head);
    for (const [clientId, p] of state.pending) sendPending(clientId, p);
    sheet.resend();
  });
}

$("join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  join(form.get("name"), form.get("role"));
});
$("join-button").disabled = false;

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
socket.on("presence", (members) => {
  state.presence = members;
  renderPresence(members);
});
socket.on("annotation", (note) => state.annotations?.receive(note, turnItem));
socket.on("typing", (who) => {
  $("typing").textContent = t.typing.replace("{name}", who.name);
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(() => ($("typing").textContent = ""), 3000);
});

// -- events, in sequence ----------------------------------------------------------------

// Live events: a gap may be events lost on the way or the other side's private ones;
// either way the server's catch-up says which of the missing events this member may see.
function applyEvents(events) {
  for (const e of events) {
    if (e.seq <= state.lastSeq) continue;
    if (e.seq > state.lastSeq + 1) return catchUp();
    state.lastSeq = e.seq;
    render(e);
  }
}

// A catch-up answer is complete up to `head` (the run's last event): no gap to fill in it.
function applyCaughtUp(events, head) {
  for (const e of events) {
    if (e.seq <= state.lastSeq) continue;
    state.lastSeq = e.seq;
    render(e);
  }
  state.lastSeq = Math.max(state.lastSeq, head || 0);
}

function catchUp() {
  socket.emit("catch_up", { last_seq: state.lastSeq }, (ack) => {
    if (ack && ack.ok) {
      applyState(ack.state);
      applyCaughtUp(ack.events, ack.head);
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
      setPhase(p.phase || "opening"); // runs recorded before the phase was in the event opened so
      note(t.started);
      return updateControls();
    case "state.changed":
      return setPhase(p.dest);
    case "terms":
      return renderTerms(p.table);
    case "owner.changed":
      state.owners[p.side] = { member_id: p.member_id, name: p.name };
      if (state.member && p.side === mySide()) state.owner = p.member_id === state.member.id;
      showOwners();
      return updateControls();
    case "clock.milestone":
      return note(t.time_left.replace("{minutes}", Math.round(p.remaining_s / 60)));
    case "sheet.updated":
      return applySheet(p);
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
  who.textContent = p.speaker === "counterpart" ? `${t.counterpart} (${p.name})`
    : teams ? `${p.name} · ${sideName(p.side)}` : p.name;
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

// Team against team, "ours" is this member's side (staff read the learner side first).
function mySide() {
  return (state.member && state.member.side) || "learner";
}
function otherSide(side) {
  return side === "learner" ? "counterpart" : "learner";
}
function sideName(side) {
  const s = state.sides[side];
  return s ? `${t.stances[s.stance] || s.stance} — ${s.company}` : side;
}

function renderTerms(table) {
  state.table = table || {};
  updateControls();
  const tbody = $("terms").querySelector("tbody");
  tbody.replaceChildren();
  const [mine, other] = [mySide(), otherSide(mySide())];
  for (const issue of issues) {
    const ours = table[mine] ? table[mine][issue.id] : undefined;
    const theirs = table[other] ? table[other][issue.id] : undefined;
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
    const role = t.words.roles[m.role] || m.role;
    li.textContent = teams && m.side ? `${m.name} · ${role} · ${sideName(m.side)}` : `${m.name} · ${role}`;
    if (state.member && m.member_id === state.member.id) {
      li.classList.add("me");
      const you = document.createElement("strong");
      you.className = "you";
      you.textContent = ` (${t.you})`;
      li.append(you);
    }
    return li;
  }));
}

function setPhase(phase) {
  $("phase").dataset.phase = phase;
  $("phase").textContent = t.words.phases[phase] || t[phase] || String(phase).replaceAll("_", " ");
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
  showLength(); // and the send button, unless the text is over the limit
  offers.setEnabled(Boolean(speaking && live));
  $("start-button").hidden = !(speaking && state.status === "waiting");
  $("end-button").hidden = !(speaking && live && state.owner); // only the owner ends early
  $("debrief-link").hidden = state.status !== "ended";
  if (teams && state.member && state.member.side) {
    // team against team: the debrief opens on this member's own team
    const path = $("debrief-link").getAttribute("href").split("?")[0];
    $("debrief-link").setAttribute("href", `${path}?side=${state.member.side}`);
  }
  if ($("accept-button")) {
    const offered = state.table[otherSide(mySide())] || {};
    $("accept-button").disabled = !(speaking && live && Object.keys(offered).length);
    if (!(speaking && live)) closeAccept();
  }
  sheet.setEditable(Boolean(speaking) && state.status !== "ended");
}

// -- briefs: the public one for all, the private one for this member's side only ----------

function showBriefs(briefs) {
  if (!briefs) return;
  state.sides = briefs.sides || {};
  const box = $("private-briefs");
  box.replaceChildren();
  const many = Object.keys(briefs.private).length > 1; // staff: every side's
  for (const [side, b] of Object.entries(briefs.private)) {
    const details = document.createElement("details");
    details.className = "private-brief";
    details.dataset.side = side;
    const summary = document.createElement("summary");
    summary.textContent = many || teams ? t.private_brief_of.replace("{side}", sideName(side)) : t.private_brief;
    const text = document.createElement("div");
    text.className = "brief";
    for (const para of b.paragraphs || [b.brief]) {
      const p = document.createElement("p");
      p.textContent = para;
      text.append(p);
    }
    const list = document.createElement("ul");
    for (const o of b.objectives) {
      const li = document.createElement("li");
      li.textContent = o;
      list.append(li);
    }
    const batna = document.createElement("p");
    batna.textContent = `${t.batna} : ${b.batna}`;
    details.append(summary, text, list, batna);
    box.append(details);
  }
  if (teams && state.member && state.member.side) {
    $("my-side").textContent = t.your_team.replace("{side}", sideName(state.member.side));
    $("my-side").hidden = false;
    $("terms-theirs").textContent = sideName(otherSide(state.member.side));
  } else if (teams) { // a staff observer: both sides by name, either side's sheet
    $("terms-ours").textContent = sideName("learner");
    $("terms-theirs").textContent = sideName("counterpart");
    for (const o of $("sheet-side").options) o.textContent = sideName(o.value);
    $("sheet-side").hidden = false;
  }
  if (state.member && state.member.side) state.sheetSide = state.member.side;
}

// A member receives its own side's sheet only; a staff observer gets both and picks one.
function applySheet(p) {
  const side = p.side || "learner";
  state.sheets[side] = state.sheets[side] || {};
  state.sheets[side][p.field] = p;
  if (side === state.sheetSide) sheet.apply(p);
}

function showSheetSide(side) {
  state.sheetSide = side;
  sheet.reset();
  for (const p of Object.values(state.sheets[side] || {})) sheet.apply(p);
}

$("sheet-side").addEventListener("change", (e) => showSheetSide(e.target.value));

function showOwners() {
  const parts = Object.entries(state.owners).map(([side, o]) =>
    teams ? t.owner_of.replace("{side}", sideName(side)).replace("{name}", o.name) : t.owner.replace("{name}", o.name));
  $("owner-line").textContent = parts.join(" · ");
  $("owner-line").hidden = parts.length === 0;
}

// -- sending: an id per turn, retried until acknowledged ----------------------------------

$("say-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("say-text").value.trim();
  if (!text || text.length > maxChars) return;
  $("say-text").value = "";
  showLength();
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
  const pending = { text, li, attempts: 0, acked: null, order: ++state.sent };
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
      restoreRefused(pending);
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

// A turn the server refused (too fast, over, an incident) is not a turn: its text goes
// back into the box, before anything typed since, in the order it was sent, to resend.
function restoreRefused(pending) {
  const box = $("say-text");
  const restored = state.restored.filter((r) => box.value.startsWith(r.block));
  const kept = restored.length ? restored[restored.length - 1].block : "";
  const typed = box.value.slice(kept.length);
  state.refused = (restored.length ? state.refused : []).concat([pending]).sort((a, b) => a.order - b.order);
  const block = `${state.refused.map((r) => r.text).join("\n")}\n`; // typing goes on below
  box.value = block + typed;
  state.restored = [{ block }];
  box.focus();
}

// The turn's length against the server's limit: said before sending, never cut silently.
const maxChars = Number($("say-text").dataset.max);
const number = new Intl.NumberFormat(body.dataset.locale || undefined);
function showLength() {
  const count = $("say-text").value.trim().length;
  const over = count > maxChars;
  const near = count > maxChars * 0.8;
  const template = over ? t.too_long : t.count;
  $("say-count").textContent = near
    ? template.replace("{count}", number.format(count)).replace("{limit}", number.format(maxChars))
    : "";
  $("say-count").classList.toggle("error-message", over);
  $("say-text").setAttribute("aria-invalid", String(over));
  $("say-button").disabled = over || $("say-text").disabled;
}

$("say-text").addEventListener("input", () => {
  showLength();
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
if ($("accept-button")) {
  $("accept-button").addEventListener("click", () => openAccept());
  $("accept-cancel").addEventListener("click", () => closeAccept());
  $("accept-confirm").addEventListener("click", () => {
    const terms = state.accepting;
    if (!terms) return;
    $("accept-confirm").disabled = true;
    socket.timeout(8000).emit("accept", { terms }, (err, ack) => {
      $("accept-confirm").disabled = false;
      if (err) return showError({ message: t.connection_lost }); // a deal, if signed, comes as run.ended
      if (ack.ok) return closeAccept();
      showError(ack.error);
      // The other team changed its offer meanwhile: show the new terms to read and confirm.
      if (ack.error && ack.error.code === "stale_offer") openAccept();
      else closeAccept();
    });
  });
}

// -- accepting: the exact terms to be signed, read before confirming ----------------------

function openAccept() {
  const offered = state.table[otherSide(mySide())] || {};
  if (!Object.keys(offered).length) return;
  state.accepting = { ...offered }; // what the member reads is what the server must still hold
  const tbody = $("accept-terms").querySelector("tbody");
  tbody.replaceChildren();
  const known = new Set(issues.map((i) => i.id));
  const shown = issues.concat(Object.keys(offered).filter((k) => !known.has(k)).map((k) => ({ id: k, label: k })));
  for (const issue of shown) {
    if (offered[issue.id] === undefined) continue;
    const tr = document.createElement("tr");
    for (const cell of [issue.label, formatValue(issue, offered[issue.id], lang)]) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    tbody.append(tr);
  }
  $("accept-panel").hidden = false;
  $("accept-confirm").focus();
}

function closeAccept() {
  state.accepting = null;
  if ($("accept-panel")) $("accept-panel").hidden = true;
}
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
