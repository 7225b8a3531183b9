// The published rubric a crafted sequence is scored on, deterministic checks only: each finding
// deducts from 5 (never below 1) and says why. Per sequence: email length, readability grade,
// sentences repeated within the sequence, raw merges, a technology named without evidence (one the
// data does not show, or one named outside the sentences whose evidence holds it), a fact stated
// below the confidence threshold, placeholder leaks, presumptive phrasing, spam-trigger words, the
// calls to action mostly of one kind (a call, an offer to send, a referral, a break-up), and a
// touch the sender does not sign. Across a set of leads: step-1 sentences in more than 20% of
// leads, subjects in more than 10%.

import { findCallsToAction } from "../compliance/calls-to-action.ts";
import { findExampleValues } from "../compliance/example-values.ts";
import { findUnfilledPlaceholders } from "../compliance/placeholders.ts";
import type { TConfig } from "../config/schemas.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import { KNOWN_TOOL_NAMES } from "./known-tools.ts";
import type { TCraftedStep } from "./sequence-types.ts";
import { firstNameOf } from "./text.ts";

export type TScoredLead = { id: string; profile: TPersonProfile; steps: readonly TCraftedStep[] };
/** What the rubric knows of the sender: the lines every email shares, the calendar, the name. */
export type TRubricSender = Pick<
  TConfig["sending"]["sender"],
  "name" | "signature" | "postal_address" | "unsubscribe_line" | "calendar_url"
>;
export type TFinding = { deduct: number; reason: string };
export type TSequenceScore = { id: string; score: number; findings: TFinding[] };

/** The confidence a stated fact needs when the caller names none (config/cadence.json's default). */
const DEFAULT_MIN_CONFIDENCE = 0.7;

/** What each kind of finding costs, and the most it may cost a sequence in all. */
export const RUBRIC = {
  emailWords: { min: 40, max: 170, deduct: 0.25 },
  readabilityGrade: { max: 10, deduct: 0.25, cap: 1 },
  repeatedSentence: { deduct: 0.5, cap: 1.5 },
  rawMerge: { deduct: 0.5, cap: 1.5 },
  unbackedTechnology: { deduct: 1, cap: 2 },
  claimWithoutEvidence: { deduct: 1, cap: 2 },
  placeholderLeak: { deduct: 2 },
  presumptive: { deduct: 0.25, cap: 0.5 },
  spamWord: { deduct: 0.5, cap: 1 },
  ctaSameKind: { share: 0.6, deduct: 0.5 },
  unsigned: { deduct: 0.5, cap: 1 },
  commonStep1Sentence: { share: 0.2, deduct: 0.5, cap: 1 },
  commonSubject: { share: 0.1, deduct: 0.25, cap: 0.5 },
} as const;

const SPAM_WORDS = [
  "free",
  "guarantee",
  "guaranteed",
  "act now",
  "limited time",
  "buy now",
  "click here",
  "risk-free",
  "urgent",
  "winner",
  "no obligation",
  "100%",
  "$$$",
];
const PRESUMPTIVE = [
  "you are probably",
  "you're probably",
  "i'm sure you",
  "i am sure you",
  "you must be",
  "as you know",
];
/** Industry names as data providers spell them, which read raw in a sentence. */
const RAW_MERGES = [
  /\b(?:teams|companies|leaders) in (?:internet|computer software|information technology and services|hospital & health care|logistics and supply chain|marketing and advertising|staffing and recruiting|financial services|education management)\b/i,
  /\bWith [\d,]{4,} people\b/,
  /\b(\w+) \1\b/i,
  /\s[,.]/,
  /\b(?:at|for|in|with) ?[,.]/,
];

/** The text a person wrote, without the closing lines every email shares. */
function ownText(step: TCraftedStep, footer: readonly string[]): string {
  let body = step.body;
  for (const line of footer) if (line) body = body.split(line).join("");
  return body.trim();
}

/** Sentences of a text, trimmed, lower-cased for comparison (at least 5 words each). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().toLowerCase().replace(/\s+/g, " "))
    .filter((s) => s.split(" ").length >= 5);
}

function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (w.length <= 3) return 1;
  const groups = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, "").match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

/** The Flesch-Kincaid grade of a text. */
export function readingGrade(text: string): number {
  const words = text.split(/\s+/).filter((w) => /[a-z]/i.test(w));
  const sentences = Math.max(1, text.split(/[.!?]+\s|\n\n/).filter((s) => s.trim()).length);
  if (words.length === 0) return 0;
  const syl = words.reduce((sum, w) => sum + syllables(w), 0);
  return 0.39 * (words.length / sentences) + 11.8 * (syl / words.length) - 15.59;
}

/** The kind of ask a message ends on: a call (a question for time or the calendar link), an offer
 * to send something, a referral, a break-up, or none found. */
export function ctaKind(
  text: string,
  calendarUrl: string,
): "call" | "resource" | "referral" | "breakup" | "none" {
  const ask = findCallsToAction(text, calendarUrl).at(-1);
  if (!ask) return "none";
  return ask.kind === "question" || ask.kind === "calendar_link" ? "call" : ask.kind;
}

function capped(findings: TFinding[], cap: number | undefined): TFinding[] {
  if (cap === undefined) return findings;
  let left = cap;
  return findings.map((f) => {
    const deduct = Math.min(f.deduct, Math.max(0, left));
    left -= deduct;
    return { ...f, deduct };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The closing lines every email shares (the signature, the postal address, the unsubscribe line). */
function footerOf(sender: TRubricSender): string[] {
  return [sender.signature, sender.postal_address, sender.unsubscribe_line];
}

/**
 * Claims the sequence makes without the evidence for them: a fact stated (not asked) below the
 * confidence threshold, and a known tool named outside every sentence whose evidence holds it.
 * Steps crafted without claims are not judged here.
 */
function claimFindings(lead: TScoredLead, footer: readonly string[], minConfidence: number) {
  const findings: TFinding[] = [];
  for (const step of lead.steps) {
    if (step.claims === undefined) continue;
    for (const claim of step.claims) {
      for (const e of claim.evidence) {
        if (e.stated && e.confidence < minConfidence) {
          findings.push({
            deduct: RUBRIC.claimWithoutEvidence.deduct,
            reason: `step ${step.step} states ${e.field} “${e.value}” at ${e.confidence} (below ${minConfidence})`,
          });
        }
      }
    }
    const text = `${step.subject ?? ""}\n${ownText(step, footer)}`;
    for (const tool of KNOWN_TOOL_NAMES) {
      if (!new RegExp(`\\b${tool}\\b`).test(text)) continue;
      const backed = step.claims.some(
        (claim) => claim.text.includes(tool) && claim.evidence.some((e) => e.value === tool),
      );
      if (!backed) {
        findings.push({
          deduct: RUBRIC.claimWithoutEvidence.deduct,
          reason: `step ${step.step} names ${tool} in a sentence without its evidence`,
        });
      }
    }
  }
  return capped(findings, RUBRIC.claimWithoutEvidence.cap);
}

/** The findings of one sequence on its own. */
export function sequenceFindings(
  lead: TScoredLead,
  sender: TRubricSender,
  minConfidence = DEFAULT_MIN_CONFIDENCE,
): TFinding[] {
  const footer = footerOf(sender);
  const calendarUrl = sender.calendar_url;
  const findings: TFinding[] = [];
  const firstName = firstNameOf(sender.name);
  const signed = new RegExp(`(^|\\P{L})${escapeRegExp(firstName)}(\\P{L}|$)`, "u");
  findings.push(
    ...capped(
      lead.steps
        .filter((step) => firstName === "" || !signed.test(step.body))
        .map((step) => ({
          deduct: RUBRIC.unsigned.deduct,
          reason: `step ${step.step} is not signed by the sender (${sender.name})`,
        })),
      RUBRIC.unsigned.cap,
    ),
  );
  const emails = lead.steps.filter((s) => s.channel === "email");
  for (const step of emails) {
    const words = ownText(step, footer).split(/\s+/).filter(Boolean).length;
    const { min, max, deduct } = RUBRIC.emailWords;
    if (words < min || words > max) {
      findings.push({ deduct, reason: `step ${step.step}: ${words} words (aim ${min}–${max})` });
    }
  }
  findings.push(
    ...capped(
      emails.flatMap((step) => {
        const grade = readingGrade(ownText(step, footer));
        return grade > RUBRIC.readabilityGrade.max
          ? [
              {
                deduct: RUBRIC.readabilityGrade.deduct,
                reason: `step ${step.step}: reading grade ${grade.toFixed(1)}`,
              },
            ]
          : [];
      }),
      RUBRIC.readabilityGrade.cap,
    ),
  );
  const seen = new Map<string, number>();
  const repeats: TFinding[] = [];
  for (const step of lead.steps) {
    for (const sentence of sentencesOf(ownText(step, footer))) {
      const first = seen.get(sentence);
      if (first !== undefined && first !== step.step) {
        repeats.push({
          deduct: RUBRIC.repeatedSentence.deduct,
          reason: `step ${step.step} repeats step ${first}: “${sentence.slice(0, 60)}”`,
        });
      } else if (first === step.step) {
        repeats.push({
          deduct: RUBRIC.repeatedSentence.deduct,
          reason: `step ${step.step} says the same sentence twice: “${sentence.slice(0, 60)}”`,
        });
      }
      seen.set(sentence, step.step);
    }
  }
  findings.push(...capped(repeats, RUBRIC.repeatedSentence.cap));
  const merges: TFinding[] = [];
  for (const step of lead.steps) {
    const text = `${step.subject ?? ""}\n${ownText(step, footer)}`;
    for (const pattern of RAW_MERGES) {
      const match = pattern.exec(text);
      if (match) {
        merges.push({
          deduct: RUBRIC.rawMerge.deduct,
          reason: `step ${step.step}: raw merge “${match[0].trim()}”`,
        });
      }
    }
  }
  findings.push(...capped(merges, RUBRIC.rawMerge.cap));
  const owned = new Set(lead.profile.company.technologies.map((t) => t.toLowerCase()));
  const unbacked: TFinding[] = [];
  for (const step of lead.steps) {
    const text = ownText(step, footer);
    for (const tool of KNOWN_TOOL_NAMES) {
      if (new RegExp(`\\b${tool}\\b`).test(text) && !owned.has(tool.toLowerCase())) {
        unbacked.push({
          deduct: RUBRIC.unbackedTechnology.deduct,
          reason: `step ${step.step} names ${tool}, which the lead's data does not show`,
        });
      }
    }
  }
  findings.push(...capped(unbacked, RUBRIC.unbackedTechnology.cap));
  findings.push(...claimFindings(lead, footer, minConfidence));
  for (const step of lead.steps) {
    const text = `${step.subject ?? ""}\n${step.body}`;
    const leaks = [...findUnfilledPlaceholders(text), ...findExampleValues(ownText(step, footer))];
    if (leaks.length > 0) {
      findings.push({
        deduct: RUBRIC.placeholderLeak.deduct,
        reason: `step ${step.step}: leaks ${leaks.join(", ")}`,
      });
    }
  }
  const lower = lead.steps.map((s) => ({
    step: s.step,
    text: `${s.subject ?? ""} ${s.body}`.toLowerCase(),
  }));
  findings.push(
    ...capped(
      lower.flatMap(({ step, text }) =>
        PRESUMPTIVE.filter((p) => text.includes(p)).map((p) => ({
          deduct: RUBRIC.presumptive.deduct,
          reason: `step ${step}: presumes (“${p}”)`,
        })),
      ),
      RUBRIC.presumptive.cap,
    ),
    ...capped(
      lower.flatMap(({ step, text }) =>
        SPAM_WORDS.filter((w) =>
          new RegExp(`(^|[^a-z])${w.replace(/[$%]/g, "\\$&")}([^a-z]|$)`).test(text),
        ).map((w) => ({
          deduct: RUBRIC.spamWord.deduct,
          reason: `step ${step}: spam-trigger word “${w}”`,
        })),
      ),
      RUBRIC.spamWord.cap,
    ),
  );
  // Touches that ask for something (a connection note may ask nothing).
  const kinds = lead.steps
    .map((s) => ctaKind(ownText(s, footer), calendarUrl))
    .filter((kind) => kind !== "none");
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const [top, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["none", 0];
  if (kinds.length >= 3 && topCount / kinds.length > RUBRIC.ctaSameKind.share) {
    findings.push({
      deduct: RUBRIC.ctaSameKind.deduct,
      reason: `${topCount} of ${kinds.length} touches end on the same kind of ask (${top})`,
    });
  }
  return findings;
}

/** Scores every sequence: its own findings plus what it shares with too many of the others. */
export function scoreSequences(
  leads: readonly TScoredLead[],
  sender: TRubricSender,
  minConfidence = DEFAULT_MIN_CONFIDENCE,
): TSequenceScore[] {
  const footer = footerOf(sender);
  const step1 = leads.map((lead) => {
    const first = lead.steps.find((s) => s.step === 1);
    return {
      sentences: new Set(first ? sentencesOf(ownText(first, footer)) : []),
      subject: first?.subject?.trim().toLowerCase() ?? null,
    };
  });
  const sentenceCount = new Map<string, number>();
  const subjectCount = new Map<string, number>();
  for (const { sentences, subject } of step1) {
    for (const s of sentences) sentenceCount.set(s, (sentenceCount.get(s) ?? 0) + 1);
    if (subject) subjectCount.set(subject, (subjectCount.get(subject) ?? 0) + 1);
  }
  const n = Math.max(1, leads.length);
  // Used by other leads too, and by more than the share allows.
  const tooCommon = (count: number, share: number) => count >= 2 && count / n > share;
  return leads.map((lead, i) => {
    const own = sequenceFindings(lead, sender, minConfidence);
    const { sentences, subject } = step1[i] ?? { sentences: new Set<string>(), subject: null };
    const common = [...sentences]
      .filter((s) => tooCommon(sentenceCount.get(s) ?? 0, RUBRIC.commonStep1Sentence.share))
      .map((s) => ({
        deduct: RUBRIC.commonStep1Sentence.deduct,
        reason: `step 1 shares “${s.slice(0, 60)}” with ${sentenceCount.get(s)} of ${n} leads`,
      }));
    const shared =
      subject && tooCommon(subjectCount.get(subject) ?? 0, RUBRIC.commonSubject.share)
        ? [
            {
              deduct: RUBRIC.commonSubject.deduct,
              reason: `step 1's subject “${subject}” is used for ${subjectCount.get(subject)} of ${n} leads`,
            },
          ]
        : [];
    const findings = [
      ...own,
      ...capped(common, RUBRIC.commonStep1Sentence.cap),
      ...capped(shared, RUBRIC.commonSubject.cap),
    ].filter((f) => f.deduct > 0);
    const lost = findings.reduce((sum, f) => sum + f.deduct, 0);
    return { id: lead.id, score: Math.max(1, Math.round((5 - lost) * 100) / 100), findings };
  });
}
