// Writes a lead's whole cadence: one personalised message per step, the variant of each template
// chosen deterministically per lead, every email closed by the signature, the postal address and
// the unsubscribe line, every LinkedIn text signed with the sender's first name and within
// LinkedIn's limits.

import {
  CRAFTED_SUBJECT_MAX_CHARS,
  LINKEDIN_CONNECT_MAX_CHARS,
  LINKEDIN_MESSAGE_MAX_CHARS,
} from "../compliance/limits.ts";
import type { TConfig } from "../config/schemas.ts";
import type { TPersonProfile } from "../leads/profile.ts";
import type { TTier } from "../scoring/score-types.ts";
import { campaignAngle, chooseSnippets } from "./campaign-angle.ts";
import { profileSourceName, type TClaim, type TEvidence, type TProfileSource } from "./evidence.ts";
import { fillLine, fillSentences, isBacked, type TFillContext } from "./fill-sentences.ts";
import { fillTemplate, insertSnippets, type TVariables } from "./fill-template.ts";
import { leadVariables } from "./lead-variables.ts";
import { pickVariant, variantIndex } from "./pick-variant.ts";
import type { TCraftedSequence, TCraftedStep } from "./sequence-types.ts";
import { DEFAULT_TEMPLATES } from "./templates/default-templates.ts";
import type {
  TEmailTemplate,
  TLinkedinTemplate,
  TTemplateLibrary,
} from "./templates/template-types.ts";

export type TCraftInput = {
  /** Seeds the choice of variants: the same lead always gets the same text. */
  leadId: string;
  profile: TPersonProfile;
  tier: TTier | null;
  campaign: { name: string; signals: string[]; description: string };
  cadence: TConfig["cadence"];
  sender: TConfig["sending"]["sender"];
  /** Customers' results the social-proof email may cite (config/case-studies.json). */
  caseStudies?: TConfig["caseStudies"]["case_studies"];
  /** Where the lead's profile came from (the enrichment's source), for the evidence it gives. */
  profileSource?: TProfileSource;
};

export type TCraftOptions = { templates?: TTemplateLibrary };

type TCadenceStep = TConfig["cadence"]["steps"][number];
type TContext = TFillContext & { leadId: string; snippets: TVariables };

const EMAIL_FOOTER = "\n\n{{signature}}\n{{postal_address}}\n\n{{unsubscribe_line}}";
/** LinkedIn messages come from the sender's own profile and are signed with their first name. */
const LINKEDIN_SIGN_OFF = "\n{{sender_first_name}}";

/**
 * The lead's sequence, one entry per cadence step. Throws UnfilledVariableError when a template
 * references a variable that has no value, and an Error when a step's channel does not match
 * its template's channel.
 */
export function craftSequence(input: TCraftInput, options: TCraftOptions = {}): TCraftedSequence {
  const templates = options.templates ?? DEFAULT_TEMPLATES;
  const minConfidence = input.cadence.min_evidence_confidence;
  const source = profileSourceName(input.profileSource ?? null);
  const lead = leadVariables(input.profile, input.tier, input.sender, { source, minConfidence });
  const angle = campaignAngle(input.campaign, {
    technologies: input.profile.company.technologies,
    source,
    minConfidence,
  });
  const study = caseStudyOf(input, lead.evidence);
  const context: TContext = {
    leadId: input.leadId,
    variables: { ...lead.variables, ...angle.variables, case_study: study.line },
    evidence: { ...lead.evidence, ...angle.evidence, case_study: study.evidence },
    unbacked: lead.unbacked,
    snippets: chooseSnippets(angle.snippets, input.leadId),
  };
  return {
    angle: angle.kind,
    steps: input.cadence.steps.map((step) => {
      const template = templates[step.template];
      if (template.channel !== step.channel) {
        throw new Error(
          `Cadence step ${step.step} sends the ${template.channel} template "${step.template}" on ${step.channel}`,
        );
      }
      return template.channel === "email"
        ? craftEmail(step, template, context)
        : craftLinkedin(step, template, context);
    }),
  };
}

function craftEmail(step: TCadenceStep, template: TEmailTemplate, context: TContext): TCraftedStep {
  const subjectSite = { step: step.step, template: step.template, part: "subject" } as const;
  const bodySite = { step: step.step, template: step.template, part: "body" } as const;
  const picked = pickVariant(template.subjects, context.leadId, `${step.template}:subject`);
  const chosen = fillLine(insertSnippets(picked, context.snippets), context, subjectSite);
  const subject =
    chosen && chosen.text.length <= CRAFTED_SUBJECT_MAX_CHARS
      ? chosen
      : { text: fill(template.fallbackSubject, context, subjectSite), claims: [] };
  const bodyIndex = variantIndex(context.leadId, `${step.template}:body`, template.bodies.length);
  const body = fillSentences(
    insertSnippets(
      (template.bodies[bodyIndex] ?? template.bodies[0]) + EMAIL_FOOTER,
      context.snippets,
    ),
    context,
    bodySite,
  );
  return {
    step: step.step,
    day: step.day,
    channel: "email",
    template: step.template,
    subject: subject.text,
    // A paragraph left empty (a sentence without evidence, no case study) leaves no gap behind.
    body: body.text.replace(/\n{3,}/g, "\n\n").replace(/^[ \t]+|[ \t]+$/gm, ""),
    variant: `${step.template}#${bodyIndex + 1}`,
    claims: [...subject.claims, ...body.claims],
  };
}

function craftLinkedin(
  step: TCadenceStep,
  template: TLinkedinTemplate,
  context: TContext,
): TCraftedStep {
  const site = { step: step.step, template: step.template, part: "body" } as const;
  const limit =
    template.kind === "connect" ? LINKEDIN_CONNECT_MAX_CHARS : LINKEDIN_MESSAGE_MAX_CHARS;
  const first = variantIndex(context.leadId, `${step.template}:body`, template.bodies.length);
  let body: { text: string; claims: TClaim[] } | null = null;
  let chosen = "fallback";
  // A LinkedIn message is one short paragraph: a variant needing a fact the data lacks is skipped.
  for (let i = 0; i < template.bodies.length && body === null; i += 1) {
    const index = (first + i) % template.bodies.length;
    const text = insertSnippets(
      (template.bodies[index] ?? "") + LINKEDIN_SIGN_OFF,
      context.snippets,
    );
    if (!isBacked(text, context)) continue;
    const filled = fillSentences(text, context, site);
    if (filled.text.length <= limit) {
      body = filled;
      chosen = String(index + 1);
    }
  }
  const fallback = insertSnippets(template.fallbackBody + LINKEDIN_SIGN_OFF, context.snippets);
  const crafted = body ?? fillSentences(fallback, context, site);
  return {
    step: step.step,
    day: step.day,
    channel: "linkedin",
    template: step.template,
    subject: null,
    body: crafted.text,
    variant: `${step.template}#${chosen}`,
    claims: crafted.claims,
  };
}

/**
 * The case study the lead's social-proof email cites: one whose industries include the lead's,
 * else one whose head-count band holds the lead's company (chosen per lead among several), with
 * the lead's fact it was matched on; "" when none matches or that fact is not trusted enough, so
 * nothing is claimed that does not apply.
 */
function caseStudyOf(
  input: TCraftInput,
  evidence: Readonly<Record<string, readonly TEvidence[]>>,
): { line: string; evidence: TEvidence[] } {
  const studies = input.caseStudies ?? [];
  const industry = input.profile.company.industry?.trim().toLowerCase() ?? "";
  const employees = input.profile.company.employees;
  const industryEvidence = evidence.industry_in ?? [];
  const sizeEvidence = evidence.team_size ?? [];
  const byIndustry = studies.filter(
    (s) => industryEvidence.length > 0 && industry !== "" && s.industries.includes(industry),
  );
  const bySize = studies.filter(
    (s) =>
      sizeEvidence.length > 0 &&
      s.employees !== undefined &&
      employees !== null &&
      employees >= s.employees.min &&
      employees <= s.employees.max,
  );
  const matches = byIndustry.length > 0 ? byIndustry : bySize;
  const study = matches[variantIndex(input.leadId, "case_study", matches.length)];
  if (!study) return { line: "", evidence: [] };
  return {
    line: `For example, ${study.customer} ${study.result}: ${study.figure}.`,
    evidence: [...(byIndustry.length > 0 ? industryEvidence : sizeEvidence)],
  };
}

/** Text that must be written whole (a fallback): filled, unbacked variables and all. */
function fill(
  text: string,
  context: TContext,
  site: { step: number; template: string; part: "subject" | "body" },
): string {
  return fillTemplate(insertSnippets(text, context.snippets), context.variables, site);
}
