// The team's preparation sheet: each field saved on a pause, based on the version it was typed
// from. A refused (stale) save comes back with the teammate's text: both are kept, then saved.

const SAVE_AFTER_MS = 700;

export function merge(theirs, mine) {
  if (!theirs || theirs === mine || mine.includes(theirs)) return mine;
  if (!mine || theirs.includes(mine)) return theirs;
  return `${theirs}\n${mine}`;
}

export function initSheet({ socket, t, onError, onStatus }) {
  const fields = new Map();
  for (const el of document.querySelectorAll("#sheet textarea[data-field]")) {
    const f = { name: el.dataset.field, el, version: 0, dirty: false, sending: false, timer: null };
    fields.set(f.name, f);
    el.addEventListener("input", () => {
      f.dirty = true;
      onStatus(t.sheet_saving);
      clearTimeout(f.timer);
      f.timer = setTimeout(() => send(f), SAVE_AFTER_MS);
    });
  }

  function send(f) {
    if (f.sending || !socket.connected) return;
    f.sending = true;
    f.dirty = false;
    const payload = { field: f.name, value: f.el.value, base_version: f.version };
    socket.timeout(8000).emit("sheet_edit", payload, (err, ack) => {
      f.sending = false;
      if (err) {
        f.dirty = true;
        f.timer = setTimeout(() => send(f), 2000);
        return;
      }
      if (ack.ok) {
        f.version = Math.max(f.version, ack.version);
        onStatus(t.sheet_saved);
      } else if (ack.error.code === "stale_sheet" && ack.current) {
        f.version = ack.current.version;
        f.el.value = merge(ack.current.value, f.el.value);
        onError(ack.error);
        f.dirty = true;
      } else {
        onError(ack.error);
      }
      if (f.dirty) send(f);
    });
  }

  return {
    // A recorded sheet.updated: shown unless this member has unsaved text in the field
    // (that text is then saved against the new version, refused as stale and merged).
    apply(p) {
      const f = fields.get(p.field);
      if (!f || p.version <= f.version || f.dirty || f.sending) return;
      f.version = p.version;
      f.el.value = p.value;
      f.el.title = p.name ? t.sheet_by.replace("{name}", p.name) : "";
    },
    // Empty every field (another side's sheet is about to be shown; read-only observers only).
    reset() {
      for (const f of fields.values()) {
        f.version = 0;
        f.el.value = "";
        f.el.title = "";
      }
    },
    // Save what was typed while the connection was down.
    resend() {
      for (const f of fields.values()) if (f.dirty) send(f);
    },
    setEditable(editable) {
      for (const f of fields.values()) f.el.readOnly = !editable;
    },
  };
}
