// The shape of every product configuration file in config/, one zod schema per file.
import { z } from "zod";
import { ZSeniority } from "../leads/profile.ts";
import { ZTier } from "../scoring/score-types.ts";
import { ZLeadStatus } from "../signals/lead-status.ts";

const ZChannel = z.enum(["email", "linkedin"]);
const ZHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a time as HH:MM (24h)");
const ZFraction = z.number().min(0).max(1);
const ZPositiveInt = z.number().int().positive();

export const ZSafetyConfig = z.strictObject({
  emergency_stop: z.boolean(),
  shadow_mode: z.boolean(),
  dry_run_default: z.boolean(),
  gatekeeper_required: z.boolean(),
  /** Hours a live batch waits for its approval before it expires and its leads return. */
  gatekeeper_timeout_hours: ZPositiveInt.max(168),
  instantly_create_as_draft: z.literal(true, {
    error: "must be true: campaigns are created as drafts and activated only by a person",
  }),
  never_contact_twice_same_day: z.boolean(),
  suppress_after: z.array(z.enum(["replied", "unsubscribed", "bounced"])).min(1),
});

export const ZRampConfig = z.strictObject({
  enabled: z.boolean(),
  mode: z.literal("clean_days"),
  clean_days_required: ZPositiveInt,
  ramp_daily_limit: ZPositiveInt,
  ramp_tiers: z.array(ZTier).min(1),
  graduated_daily_limit: ZPositiveInt,
  clean_day: z.strictObject({
    requires_live_run: z.boolean(),
    requires_no_pending_hold: z.boolean(),
    requires_no_errors: z.boolean(),
    min_dispatches: z.number().int().min(0),
  }),
});

export const ZCapsConfig = z.strictObject({
  daily: z.strictObject({ email: ZPositiveInt, linkedin: ZPositiveInt }),
  per_account_daily: z.strictObject({ email: ZPositiveInt, linkedin: ZPositiveInt }),
  batch_max_leads: ZPositiveInt.max(100),
});

export const CADENCE_TEMPLATES = [
  "initial",
  "value_followup",
  "social_proof",
  "breakup",
  "close",
  "linkedin_connect",
  "linkedin_message",
  "linkedin_followup",
] as const;

export const ZCadenceConfig = z.strictObject({
  name: z.string().min(1),
  total_days: ZPositiveInt,
  stop_on: z.array(z.string().min(1)).min(1),
  /** Days an out-of-office reply pushes the cadence's next steps back. */
  out_of_office_delay_days: ZPositiveInt.max(30),
  /** How long past an email step's day the run waits for Instantly to report it sent. */
  email_report_grace_hours: ZPositiveInt.max(168),
  /**
   * How sure a fact about a prospect must be for a message to state it (0–1): titles 0.9,
   * industry and city 0.8, head count 0.75, a tool detected on the company's website 0.5 (asked
   * about, not stated, at the default 0.7). Below it a sentence is left out or worded neutrally.
   */
  min_evidence_confidence: z.number().min(0).max(1).default(0.7),
  steps: z
    .array(
      z.strictObject({
        step: ZPositiveInt,
        day: ZPositiveInt,
        channel: ZChannel,
        template: z.enum(CADENCE_TEMPLATES),
      }),
    )
    .min(1),
});

export const ZIcpConfig = z.strictObject({
  weights: z.strictObject({
    title_seniority: z.number().min(0),
    company_size: z.number().min(0),
    industry: z.number().min(0),
    technology: z.number().min(0),
    signals: z.number().min(0),
  }),
  tiers: z.strictObject({
    tier_1: z.number().min(0).max(100),
    tier_2: z.number().min(0).max(100),
    tier_3: z.number().min(0).max(100),
  }),
  seniority_points: z.record(z.string(), ZFraction),
  title_keywords: z.array(z.string().min(1)),
  company_size_bands: z
    .array(z.strictObject({ min: z.number().int().min(0), max: ZPositiveInt, points: ZFraction }))
    .min(1),
  industries: z.record(z.string(), ZFraction),
  technologies: z.array(z.string().min(1)),
  disqualify: z.strictObject({
    min_employees: z.number().int().min(0),
    excluded_industries: z.array(z.string()),
    excluded_title_keywords: z.array(z.string()),
  }),
});

export const ZSendingConfig = z.strictObject({
  send_window: z.strictObject({
    timezone: z.string().refine(isTimeZone, "expected an IANA time zone such as America/Detroit"),
    from: ZHhMm,
    to: ZHhMm,
    days: z.array(z.number().int().min(0).max(6)).min(1),
  }),
  rotation: z.literal("round_robin"),
  accounts: z
    .array(
      z.strictObject({ email: z.email(), domain: z.string().min(3), daily_limit: ZPositiveInt }),
    )
    .min(1),
  sender: z
    .strictObject({
      /** The person every message comes from and is signed by, in the first person. */
      name: z.string().trim().min(1),
      /** Their role, as the signature and the LinkedIn profile say it. */
      role: z.string().trim().min(1),
      company: z.string().min(1),
      signature: z.string().min(1),
      postal_address: z.string().min(10),
      unsubscribe_line: z.literal("Reply STOP to unsubscribe."),
      calendar_url: z.url(),
    })
    .refine((sender) => (sender.signature.split("\n")[0] ?? "").includes(sender.name), {
      path: ["signature"],
      message: "the signature's first line must name the sender (sender.name): a person signs",
    })
    .refine((sender) => sender.signature.includes(sender.role), {
      path: ["signature"],
      message: "the signature must say the sender's role (sender.role)",
    }),
  instantly: z.strictObject({
    daily_limit: ZPositiveInt,
    email_gap_minutes: ZPositiveInt,
    stop_on_reply: z.boolean(),
    stop_on_auto_reply: z.boolean(),
    open_tracking: z.boolean(),
    link_tracking: z.boolean(),
    text_only: z.boolean(),
    insert_unsubscribe_header: z.boolean(),
  }),
  heyreach: z.strictObject({
    /** LinkedIn steps go out only when this is on (routing may name LinkedIn for a tier). */
    enabled: z.boolean(),
    daily_limit: ZPositiveInt,
    /** The HeyReach lead list every LinkedIn lead joins before its campaign. */
    list_id: z.string().regex(/^\d+$/, "expected a HeyReach list id (digits)"),
    campaigns: z.strictObject({
      tier_1: z.string().regex(/^\d+$/, "expected a HeyReach campaign id (digits)"),
      tier_2: z.string().regex(/^\d+$/, "expected a HeyReach campaign id (digits)"),
      tier_3: z.string().regex(/^\d+$/, "expected a HeyReach campaign id (digits)"),
    }),
    /**
     * The HeyReach campaign of each later LinkedIn step (its cadence step number → campaign id):
     * a campaign with one message action whose text is the lead's `message` field. The tier's
     * campaign above sends the first LinkedIn step (the connection request).
     */
    step_campaigns: z.record(
      z.string().regex(/^\d+$/, "expected a cadence step number"),
      z.string().regex(/^\d+$/, "expected a HeyReach campaign id (digits)"),
    ),
    linkedin_account_ids: z.array(z.string()),
  }),
  routing: z.strictObject({
    tier_1: z.array(ZChannel).min(1),
    tier_2: z.array(ZChannel).min(1),
    tier_3: z.array(ZChannel).min(1),
  }),
});

/**
 * Customers' results the social-proof email may cite, each for the industries (as data providers
 * name them) and/or the head-count band it speaks to. Shipped empty: only real customers, with
 * their permission, belong here; with no match the email cites none.
 */
export const ZCaseStudiesConfig = z.strictObject({
  case_studies: z.array(
    z
      .strictObject({
        customer: z.string().min(1).max(80),
        industries: z.array(z.string().min(1)).default([]),
        employees: z
          .strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) })
          .optional(),
        result: z.string().min(1).max(200),
        figure: z.string().min(1).max(80),
      })
      .refine((c) => c.industries.length > 0 || c.employees !== undefined, {
        message: "a case study names the industries or the head-count band it speaks to",
      }),
  ),
});

export const ZRejectionTagsConfig = z.strictObject({
  tags: z
    .array(
      z.strictObject({
        tag: z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case tag"),
        label: z.string().min(1),
      }),
    )
    .min(1),
});

export const ZQueueConfig = z.strictObject({
  pending_max_age_hours: ZPositiveInt,
  first_review_sla_minutes: ZPositiveInt,
  decision_sla_minutes: ZPositiveInt,
  daily_review_time: ZHhMm,
  heartbeat_seconds: ZPositiveInt,
  /** How long a decision made on the review page can be undone before its event is sent. */
  undo_seconds: z.number().int().min(1).max(60),
});

/** A rate that should reach its target, flagged red under `red_flag_below` once judged. */
const ZRateAtLeast = z.strictObject({
  target: ZFraction,
  red_flag_below: ZFraction,
  /** How many leads the rate must be over before it is judged (fewer say nothing yet). */
  min_sample: ZPositiveInt,
  /** Days a cohort is left to settle before it is judged (opens and replies take time). */
  settle_days: z.number().int().min(0).max(30).optional(),
});
/** A rate that should stay under its target, flagged red over `red_flag_above` once judged. */
const ZRateAtMost = z.strictObject({
  target_below: ZFraction,
  red_flag_above: ZFraction,
  min_sample: ZPositiveInt,
});

export const ZKpisConfig = z.strictObject({
  /** The days a red flag looks back over (the current day and the ones before it). */
  window_days: ZPositiveInt.max(92),
  icp_match_rate: ZRateAtLeast,
  open_rate: ZRateAtLeast,
  /** Replies: the target, and a red flag when none came after this many leads were contacted. */
  reply_rate: z.strictObject({
    target: ZFraction,
    red_flag_zero_after_sends: ZPositiveInt,
    settle_days: z.number().int().min(0).max(30).optional(),
  }),
  bounce_rate: ZRateAtMost,
  unsubscribe_rate: ZRateAtMost,
  /** A sending account whose recent sends bounce more than this engages the guard. */
  account_bounce: z.strictObject({ max_rate: ZFraction, last_sends: ZPositiveInt.max(1000) }),
});

export const ZCampaignTarget = z.strictObject({
  description: z.string().min(1),
  default_limit: ZPositiveInt.max(50_000),
  apollo: z.strictObject({
    person_titles: z.array(z.string().min(1)).min(1),
    include_similar_titles: z.boolean(),
    person_seniorities: z.array(ZSeniority),
    organization_num_employees_ranges: z.array(
      z.string().regex(/^\d+,\d+$/, 'expected a range like "51,200"'),
    ),
    organization_locations: z.array(z.string().min(1)),
    q_keywords: z.string().min(1).optional(),
  }),
  signals: z.array(z.string().min(1)),
});

export const ZCampaignsConfig = z
  .record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case campaign name"),
    ZCampaignTarget,
  )
  .refine((campaigns) => "default" in campaigns, "a `default` campaign is required");

export const ZAlertsConfig = z
  .strictObject({
    /** An identical alert within this many minutes is not sent again. */
    dedup_minutes: ZPositiveInt.max(1440),
    /** Failures of one function within the window raise its level: 1, then 2, then 3. */
    escalation: z.strictObject({
      window_minutes: ZPositiveInt.max(1440),
      level_2_after: ZPositiveInt,
      level_3_after: ZPositiveInt,
    }),
  })
  .refine((a) => a.escalation.level_3_after > a.escalation.level_2_after, {
    error: "escalation.level_3_after: expected more than level_2_after",
  });

export const ZBreakersConfig = z.strictObject({
  /** Failures in a row that open a provider's circuit. */
  failure_threshold: ZPositiveInt.max(100),
  /** How long an open circuit fails calls fast before one trial call may go. */
  cool_down_seconds: ZPositiveInt.max(3600),
});

export const ZSignalsConfig = z.strictObject({
  /** Leads in one of these statuses without any newer signal for `after_days` decay. */
  decay: z.strictObject({
    after_days: ZPositiveInt,
    from: z.array(ZLeadStatus).min(1),
  }),
  /** Decayed leads of these tiers become revival candidates after `after_days` more. */
  revival: z.strictObject({
    after_days: ZPositiveInt,
    tiers: z.array(ZTier).min(1),
    /** The revival motion: GoHighLevel contacts with this tag, quiet for `inactive_days`. */
    crm: z.strictObject({
      tag: z.string().trim().min(1),
      inactive_days: ZPositiveInt,
      /** Not revived when we contacted them within this many days. */
      not_contacted_days: ZPositiveInt,
      max_per_run: ZPositiveInt.max(500),
    }),
  }),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Which schema validates which file of config/. */
export const CONFIG_FILES = {
  safety: { file: "safety.json", schema: ZSafetyConfig },
  ramp: { file: "ramp.json", schema: ZRampConfig },
  caps: { file: "caps.json", schema: ZCapsConfig },
  cadence: { file: "cadence.json", schema: ZCadenceConfig },
  icp: { file: "icp.json", schema: ZIcpConfig },
  sending: { file: "sending.json", schema: ZSendingConfig },
  rejectionTags: { file: "rejection-tags.json", schema: ZRejectionTagsConfig },
  queue: { file: "queue.json", schema: ZQueueConfig },
  kpis: { file: "kpis.json", schema: ZKpisConfig },
  campaigns: { file: "campaigns.json", schema: ZCampaignsConfig },
  signals: { file: "signals.json", schema: ZSignalsConfig },
  alerts: { file: "alerts.json", schema: ZAlertsConfig },
  breakers: { file: "breakers.json", schema: ZBreakersConfig },
  caseStudies: { file: "case-studies.json", schema: ZCaseStudiesConfig },
} as const;

export type TConfig = {
  [K in keyof typeof CONFIG_FILES]: z.infer<(typeof CONFIG_FILES)[K]["schema"]>;
};
