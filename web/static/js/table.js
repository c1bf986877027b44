// The terms on the table at a point of a recorded session: each `terms` event carries the
// whole table, so the last one recorded before that point is the answer.

export function tableAt(events, untilSeq) {
  let table = {};
  for (const e of events) {
    if (e.seq > untilSeq) break;
    if (e.kind === "terms" && e.payload.table) table = e.payload.table;
  }
  return table;
}

// Rows for the issues somebody has put a value on: [label, learner's value, counterpart's].
export function tableRows(issues, table, format) {
  const rows = [];
  for (const issue of issues) {
    const ours = table.learner ? table.learner[issue.id] : undefined;
    const theirs = table.counterpart ? table.counterpart[issue.id] : undefined;
    if (ours === undefined && theirs === undefined) continue;
    rows.push([issue.label, format(issue, ours), format(issue, theirs)]);
  }
  return rows;
}
