// The subject rules for email (CAN-SPAM: a subject must not mislead): present, not too long, no
// fake "RE:"/"FWD:" reply prefix, not written in capitals.
import { EMAIL_SUBJECT_MAX_CHARS } from "./limits.ts";

const FAKE_REPLY_PREFIX = /^\s*(re|fwd?|fw|aw|wg|tr)\s*(\[\d+\])?\s*:/i;
const LETTERS = /\p{L}/gu;
const LOWER_CASE = /\p{Ll}/u;
/** Fewer letters than this are an acronym, not shouting. */
const MIN_LETTERS_FOR_CAPS = 4;

/** Every problem with `subject`; empty when it is fine. */
export function subjectProblems(subject: string | null): string[] {
  const text = subject?.trim() ?? "";
  if (text === "") return ["No subject"];
  const problems: string[] = [];
  if (text.length > EMAIL_SUBJECT_MAX_CHARS) {
    problems.push(`Subject is ${text.length} characters (limit ${EMAIL_SUBJECT_MAX_CHARS})`);
  }
  const prefix = FAKE_REPLY_PREFIX.exec(text);
  if (prefix) {
    problems.push(`Subject starts with "${prefix[0].trim()}" but this is not a reply or forward`);
  }
  const letters = text.match(LETTERS)?.length ?? 0;
  if (letters >= MIN_LETTERS_FOR_CAPS && !LOWER_CASE.test(text)) {
    problems.push("Subject is written in capitals");
  }
  return problems;
}
