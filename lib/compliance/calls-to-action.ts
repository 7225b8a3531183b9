// Finds the calls to action in a message body: question sentences that ask for a call, a meeting
// or some time, and links to the sender's calendar. A question that carries the link counts once.

const LINE_BREAK = /\r?\n/;
const SENTENCE_BREAK = /(?<=[.!?]["'”’)\]]*)\s+/;
/** A sentence "ending" in an abbreviation (St., Inc., J.P., U.S.) continues into the next one. */
const ABBREVIATION_END = /(?:^|[\s(])(?:[A-Z][a-z]{0,2}|(?:[A-Za-z]\.)+[A-Za-z]?)\.$/;
const QUESTION_END = /\?["'”’)\]]*$/;
const ASKS_FOR_TIME =
  /\b(?:call|chat|minutes?|mins?|meeting|meet|conversation|talk|walkthrough|walk-through|catch up|compare notes|calendar|slot)\b|\b(?:find|grab|have|spare|some|book) (?:a little |a bit of |some )?time\b|\b(?:next|this|later this) (?:week|month)\b|\b(?:monday|tuesday|wednesday|thursday|friday)\b/i;

/** One call to action: a quoted question or the calendar link. */
export type TCallToAction = { kind: "question" | "calendar_link"; text: string };

/** Every call to action in `body`, in order. `calendarUrl` is the sender's booking link. */
export function findCallsToAction(body: string, calendarUrl: string): TCallToAction[] {
  const found: TCallToAction[] = [];
  for (const sentence of sentences(body, calendarUrl)) {
    const links = countOccurrences(sentence, calendarUrl);
    if (QUESTION_END.test(sentence) && (links > 0 || ASKS_FOR_TIME.test(sentence))) {
      found.push({ kind: "question", text: sentence });
      continue;
    }
    for (let i = 0; i < links; i += 1) found.push({ kind: "calendar_link", text: calendarUrl });
  }
  return found;
}

/** How a list of calls to action reads in a check's detail. */
export function describeCallsToAction(ctas: readonly TCallToAction[]): string {
  if (ctas.length === 0) return "no call to action";
  const items = ctas.map((c) =>
    c.kind === "question" ? `“${c.text}”` : `calendar link ${c.text}`,
  );
  const count = ctas.length === 1 ? "1 call to action" : `${ctas.length} calls to action`;
  return `${count}: ${items.join("; ")}`;
}

/**
 * The sentences of `body` that may be a call to action: those of lines holding a question mark
 * or the calendar link (splitting every line into sentences would cost more than the rest of
 * the message's checks).
 */
function sentences(body: string, calendarUrl: string): string[] {
  const out: string[] = [];
  for (const line of body.split(LINE_BREAK)) {
    if (!line.includes("?") && (calendarUrl === "" || !line.includes(calendarUrl))) continue;
    let current = "";
    for (const fragment of line.trim().split(SENTENCE_BREAK)) {
      if (current !== "" && ABBREVIATION_END.test(current)) {
        current = `${current} ${fragment}`;
        continue;
      }
      if (current !== "") out.push(current);
      current = fragment;
    }
    if (current !== "") out.push(current);
  }
  return out;
}

function countOccurrences(text: string, needle: string): number {
  if (needle === "") return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count += 1;
  }
  return count;
}
