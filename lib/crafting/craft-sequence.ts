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
};

export type TCraftOptions = { templates?: TTemplateLibrary };

type TCadenceStep = TConfig["cadence"]["steps"][number];
type TContext = { leadId: string; variables: TVariables; snippets: TVariables };

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
  const angle = campaignAngle(input.campaign, input.profile.company.technologies);
  const context: TContext = {
    leadId: input.leadId,
    variables: {
      ...leadVariables(input.profile, input.tier, input.sender),
      ...angle.variables,
      case_study: caseStudyLine(input),
    },
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
  const subject = fill(
    pickVariant(template.subjects, context.leadId, `${step.template}:subject`),
    context,
    subjectSite,
  );
  const bodyIndex = variantIndex(context.leadId, `${step.template}:body`, template.bodies.length);
  // A paragraph left empty (no case study to cite) leaves no gap behind.
  const body = fill(
    (template.bodies[bodyIndex] ?? template.bodies[0]) + EMAIL_FOOTER,
    context,
    bodySite,
  ).replace(/\n{3,}/g, "\n\n");
  return {
    step: step.step,
    day: step.day,
    channel: "email",
    template: step.template,
    subject:
      subject.length <= CRAFTED_SUBJECT_MAX_CHARS
        ? subject
        : fill(template.fallbackSubject, context, subjectSite),
    body,
    variant: `${step.template}#${bodyIndex + 1}`,
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
  let body: string | null = null;
  let chosen = "fallback";
  for (let i = 0; i < template.bodies.length && body === null; i += 1) {
    const index = (first + i) % template.bodies.length;
    const text = fill((template.bodies[index] ?? "") + LINKEDIN_SIGN_OFF, context, site);
    if (text.length <= limit) {
      body = text;
      chosen = String(index + 1);
    }
  }
  return {
    step: step.step,
    day: step.day,
    channel: "linkedin",
    template: step.template,
    subject: null,
    body: body ?? fill(template.fallbackBody + LINKEDIN_SIGN_OFF, context, site),
    variant: `${step.template}#${chosen}`,
  };
}

/**
 * The case study the lead's social-proof email cites: one whose industries include the lead's,
 * else one whose head-count band holds the lead's company (chosen per lead among several); "" when
 * none matches, so nothing is claimed that does not apply.
 */
function caseStudyLine(input: TCraftInput): string {
  const studies = input.caseStudies ?? [];
  const industry = input.profile.company.industry?.trim().toLowerCase() ?? "";
  const employees = input.profile.company.employees;
  const byIndustry = studies.filter((s) => industry !== "" && s.industries.includes(industry));
  const bySize = studies.filter(
    (s) =>
      s.employees !== undefined &&
      employees !== null &&
      employees >= s.employees.min &&
      employees <= s.employees.max,
  );
  const matches = byIndustry.length > 0 ? byIndustry : bySize;
  const study = matches[variantIndex(input.leadId, "case_study", matches.length)];
  return study ? `For example, ${study.customer} ${study.result}: ${study.figure}.` : "";
}

function fill(
  text: string,
  context: TContext,
  site: { step: number; template: string; part: "subject" | "body" },
): string {
  return fillTemplate(insertSnippets(text, context.snippets), context.variables, site);
}
