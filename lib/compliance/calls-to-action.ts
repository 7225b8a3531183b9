// Finds the calls to action in a message body: question sentences that ask for something (a call,
// a meeting or some time; whether to send a resource; who else to speak to; whether to stop
// writing) and links to the sender's calendar. A question that carries the link counts once.

const LINE_BREAK = /\r?\n/;
const SENTENCE_BREAK = /(?<=[.!?]["'”’)\]]*)\s+/;
/** A sentence "ending" in an abbreviation (St., Inc., J.P., U.S.) continues into the next one. */
const ABBREVIATION_END = /(?:^|[\s(])(?:[A-Z][a-z]{0,2}|(?:[A-Za-z]\.)+[A-Za-z]?)\.$/;
/**
 * A new sentence does not start in lower case: what follows a name ending in punctuation
 * ("Yahoo! has…", "!A. has…") continues the sentence.
 */
const CONTINUES = /^\p{Ll}/u;
const QUESTION_END = /\?["'”’)\]]*$/;
const ASKS_FOR_TIME =
  /\b(?:call|chat|minutes?|mins?|meeting|meet|conversation|talk|walkthrough|walk-through|catch up|compare notes|calendar|slot)\b|\b(?:find|grab|have|spare|some|book) (?:a little |a bit of |some )?time\b|\b(?:next|this|later this) (?:week|month)\b|\b(?:monday|tuesday|wednesday|thursday|friday)\b/i;
/** Asking whether to stop: "Should I close the loop?", "Is it time to stop writing?". */
const ASKS_TO_STOP =
  /\b(?:close (?:the|your|this) (?:loop|file)|stop (?:writing|reaching out|emailing|following up)|step back|leave it (?:there|here)|off (?:your|the) list|not a priority)\b/i;
/** Asking who else to speak to: "Who owns this at Acme?", "…the right person…?". */
const ASKS_FOR_REFERRAL =
  /\b(?:right person|better person|point me to|who (?:else )?(?:owns|handles|looks after|leads|runs|would be)|someone else)\b/i;
/** The sender offering something to read: "Would it help if I sent the one-page outline?". */
const OFFERS_RESOURCE =
  /\b(?:I|me|we)\b[^?]*\b(?:send|sent|share|forward|pass along)\b.*\b(?:outline|checklist|guide|write-up|one-pager|one-page|summary|example|template|playbook|breakdown|notes|sketch)\b/i;

/**
 * The kinds of ask: a question asking for a call or some time ("question"), the calendar link,
 * an offer to send something to read ("resource"), a question about who else to speak to
 * ("referral"), and a question about whether to stop writing ("breakup").
 */
export type TCallToActionKind = "question" | "calendar_link" | "resource" | "referral" | "breakup";

/** One call to action: the question that asks (quoted), or the calendar link. */
export type TCallToAction = { kind: TCallToActionKind; text: string };

/** Every call to action in `body`, in order. `calendarUrl` is the sender's booking link. */
export function findCallsToAction(body: string, calendarUrl: string): TCallToAction[] {
  const found: TCallToAction[] = [];
  for (const sentence of sentences(body, calendarUrl)) {
    const links = countOccurrences(sentence, calendarUrl);
    const asks = QUESTION_END.test(sentence) ? questionKind(sentence, links > 0) : null;
    if (asks) {
      found.push({ kind: asks, text: sentence });
      continue;
    }
    for (let i = 0; i < links; i += 1) found.push({ kind: "calendar_link", text: calendarUrl });
  }
  return found;
}

/** What a question asks for, or null for a question that asks nothing of the reader. */
function questionKind(sentence: string, hasLink: boolean): TCallToActionKind | null {
  if (ASKS_TO_STOP.test(sentence)) return "breakup";
  if (ASKS_FOR_REFERRAL.test(sentence)) return "referral";
  if (hasLink || ASKS_FOR_TIME.test(sentence)) return "question";
  if (OFFERS_RESOURCE.test(sentence)) return "resource";
  return null;
}

const KIND_LABELS: Record<Exclude<TCallToActionKind, "question" | "calendar_link">, string> = {
  resource: "an offer to send",
  referral: "a referral",
  breakup: "a break-up",
};

/** How a list of calls to action reads in a check's detail. */
export function describeCallsToAction(ctas: readonly TCallToAction[]): string {
  if (ctas.length === 0) return "no call to action";
  const items = ctas.map((c) =>
    c.kind === "calendar_link"
      ? `calendar link ${c.text}`
      : c.kind === "question"
        ? `“${c.text}”`
        : `${KIND_LABELS[c.kind]}: “${c.text}”`,
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
      if (current !== "" && (ABBREVIATION_END.test(current) || CONTINUES.test(fragment))) {
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
