// Time in words for the /sales page, shared by the server's render and the browser script (which
// keeps the decision deadlines and undo windows counting): plain functions, no imports.

/** How long a span is, in words: "under a minute", "12 min", "3 h 5 min", "2 d 4 h". */
export function spanLabel(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The decision deadline as words, from `now`: "due in 1 h 5 min" or "overdue by 12 min". */
export function dueLabel(dueAt: string, now: number): string {
  const left = Date.parse(dueAt) - now;
  return left >= 0 ? `due in ${spanLabel(left)}` : `overdue by ${spanLabel(left)}`;
}
