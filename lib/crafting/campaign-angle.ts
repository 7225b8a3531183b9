// The campaign's angle: why we are writing to this lead. `competitor_<tool>` campaigns talk about
// getting more from that tool (conversation intelligence for Gong and its peers), `event_<name>`
// campaigns about the event, the `revival` campaign picks up with people the CRM already knows,
// anything else is about mid-market revenue operations. Each angle gives text snippets (with
// `{{variable}}` placeholders) that the templates insert, and the evidence behind its variables:
// a tool the data only guesses at gets snippets that ask about it instead of stating it.
import { CONFIDENCE, evidenceOf, type TEvidence } from "./evidence.ts";
import { toolDisplayName } from "./known-tools.ts";
import { pickVariant } from "./pick-variant.ts";
import { titleCaseKey } from "./text.ts";

type TSnippets = {
  angle_subject: readonly [string, ...string[]];
  angle_hook: readonly [string, ...string[]];
  angle_value: readonly [string, ...string[]];
  angle_proof: readonly [string, ...string[]];
  angle_connect: readonly [string, ...string[]];
  angle_short: readonly [string, ...string[]];
};

/** The angle chosen for a campaign: its kind, the variables it adds and its snippets. */
export type TCampaignAngle = {
  kind: "conversation_intelligence" | "competitor" | "event" | "mid_market_ops" | "revival";
  variables: Record<string, string>;
  /** The evidence behind the angle's variables (the tool, the event, the CRM history). */
  evidence: Record<string, TEvidence[]>;
  snippets: TSnippets;
};

/** What the angle may rest on: the lead's technologies, where they came from, the threshold. */
export type TAngleTrust = {
  technologies: readonly string[];
  /** Where the technologies came from, as the card says it ("Apollo"). */
  source: string;
  minConfidence: number;
};

const COMPETITOR_PREFIX = "competitor_";
const EVENT_PREFIX = "event_";
const USES_PREFIX = "uses_";
const CONVERSATION_INTELLIGENCE = new Set(["gong", "chorus", "avoma", "fireflies", "jiminny"]);
const EVENT_NAMES: ReadonlyMap<string, string> = new Map([
  ["saastr", "SaaStr"],
  ["saastr_annual", "SaaStr Annual"],
  ["dreamforce", "Dreamforce"],
  ["inbound", "INBOUND"],
  ["web_summit", "Web Summit"],
  ["revops_summit", "RevOps Summit"],
]);

const CONVERSATION_INTELLIGENCE_SNIPPETS: TSnippets = {
  angle_subject: [
    "Turning {{tool}} calls into pipeline at {{company}}",
    "{{company_possessive}} {{tool}} data, put to work",
    "{{tool}} insights beyond the call recording",
  ],
  angle_hook: [
    "Most teams running {{tool}} record every call, but at a company like {{company}} the insights rarely reach forecasts, coaching plans or CRM fields unless someone copies them over by hand.",
    "{{tool}} already captures what is said on every call at {{company}}. The harder part is turning those moments into next steps, deal updates and coaching without adding admin for your managers.",
    "Recording calls in {{tool}} is the easy half at {{company}}; the other half is getting what was said into the deal, the forecast and the coaching plan.",
    "Revenue teams {{industry_in}} that run {{tool}} tend to have more call insight than time to act on it, and {{company}} may be no different.",
    "For a team like {{company_possessive}}, the value of {{tool}} shows up only when what is said on calls turns into next steps someone actually takes.",
  ],
  angle_value: [
    "One workflow we often build: an AI agent reads each {{tool}} call summary, updates the matching opportunity in {{crm}}, and flags deals where the next step is missing, with a manager approving the changes.",
    "One workflow we often build: after each {{tool}} call, an AI assistant drafts the follow-up email and the deal notes for {{crm}}, so the rep only reviews and sends.",
  ],
  angle_proof: [
    "teams that already pay for {{tool}} get the fastest return when call insights flow straight into the CRM and the weekly forecast, instead of living in recordings nobody replays.",
    "the {{tool}} recordings that pay for themselves are the ones whose insights reach the deal, the forecast and the coaching plan without anyone copying them over.",
  ],
  angle_connect: ["Always keen to swap notes with revenue leaders who run {{tool}}."],
  angle_short: [
    "we help teams on {{tool}} turn call insights into CRM updates and coaching notes automatically, with a manager approving each change.",
  ],
};

/**
 * Conversation intelligence when the tool is only detected (below the confidence threshold): the
 * same angle, asked about or said of teams in general, never stated of the prospect.
 */
const CONVERSATION_INTELLIGENCE_GUESSED: TSnippets = {
  angle_subject: [
    "From call notes to pipeline at {{company}}",
    "Call insights and the forecast at {{company}}",
    "A thought on {{tool}} for {{company}}",
  ],
  angle_hook: [
    "If {{company}} records its sales calls in {{tool}}, the harder part is turning what is said into next steps, deal updates and coaching without adding admin for your managers.",
    "Teams that record calls in {{tool}} often have more call insight than time to act on it; if that is how {{company}} works too, there is an easy win here.",
    "If {{tool}} is part of how {{company}} runs its sales calls, most of the groundwork for AI follow-ups is already in place.",
    "Whichever tool {{company}} uses to record its calls, call notes that never reach the CRM are one of the most common leaks in a revenue process, and {{tool}} users feel it most.",
    "I may be wrong that {{company}} uses {{tool}}, but if it does, the insights from your calls can flow into the forecast without anyone copying them by hand.",
    "Plenty of teams {{industry_in}} record their sales calls, often in {{tool}}; if {{company}} does too, those recordings hold more pipeline than they usually give back.",
    "If your reps at {{company}} review calls in {{tool}}, the next step is letting AI turn each call into the deal update nobody has time to write.",
  ],
  angle_value: [
    "One workflow I often build for teams that record their calls: an AI agent reads each call summary, updates the matching opportunity in the CRM, and flags deals where the next step is missing, with a manager approving the changes.",
    "One workflow I often build for teams that record their calls: after each call, an AI assistant drafts the follow-up email and the deal notes for the CRM, so the rep only reviews and sends.",
  ],
  angle_proof: [
    "teams that record their calls get the fastest return when call insights flow straight into the CRM and the weekly forecast, instead of living in recordings nobody replays.",
    "the call recordings that pay for themselves are the ones whose insights reach the deal, the forecast and the coaching plan without anyone copying them over.",
  ],
  angle_connect: ["Always keen to swap notes with revenue leaders on what happens after the call."],
  angle_short: [
    "we help teams that record their calls turn the insights into CRM updates and coaching notes automatically, with a manager approving each change.",
  ],
};

const COMPETITOR_SNIPPETS: TSnippets = {
  angle_subject: ["Getting more from {{tool}} at {{company}}", "{{tool}} and AI at {{company}}"],
  angle_hook: [
    "Teams already running {{tool}} have the data and the habits. At {{company}}, the gap is usually the manual work around it: research, updates and follow-ups that still depend on someone finding the hours.",
    "If {{company}} runs on {{tool}}, most of the groundwork for AI in your revenue process is already in place.",
    "With {{tool}} in place at {{company}}, the next hours to win back are in the research and updates around it.",
    "Revenue teams {{industry_in}} that use {{tool}} often tell me the tool works and the admin around it at a company like {{company}} still does not.",
    "{{company_possessive}} reps likely spend more time feeding {{tool}} than {{tool}} saves them, which is where AI can help.",
  ],
  angle_value: [
    "One workflow we often build around {{tool}}: an AI assistant that prepares each rep's next actions from the activity already in {{crm}}, so managers review a short list instead of chasing updates.",
  ],
  angle_proof: [
    "teams already invested in {{tool}} get the quickest wins by automating the work around it rather than adding another tool.",
  ],
  angle_connect: ["Always keen to swap notes with revenue leaders who run {{tool}}."],
  angle_short: [
    "we help teams already on {{tool}} automate the research, updates and follow-ups around it, with a person approving anything customer-facing.",
  ],
};

/** A tool's angle when the tool is only detected: asked about, never stated of the prospect. */
const COMPETITOR_GUESSED: TSnippets = {
  angle_subject: ["A thought on {{tool}} for {{company}}", "AI around your tools at {{company}}"],
  angle_hook: [
    "If {{company}} runs on {{tool}}, most of the groundwork for AI in your revenue process is already in place.",
    "Teams on {{tool}} usually have the data and the habits; if {{company}} is one of them, the gap is the manual work around it.",
    "I may be wrong that {{company}} uses {{tool}}, but where it does, the next hours to win back are in the research and updates around it.",
    "Whether or not {{company}} runs {{tool}} today, the admin around a revenue tool is where AI gives hours back first.",
    "Revenue teams {{industry_in}} that use {{tool}} often say the tool works and the admin around it does not; is that true at {{company}} as well?",
  ],
  angle_value: [
    "One workflow I often build around a team's revenue tools: an AI assistant that prepares each rep's next actions from the activity already in the CRM, so managers review a short list instead of chasing updates.",
  ],
  angle_proof: [
    "teams already invested in their revenue tools get the quickest wins by automating the work around them rather than adding another tool.",
    "the fastest AI wins rarely come from a new tool; they come from taking the admin off the tools a team already runs.",
  ],
  angle_connect: [
    "Always keen to swap notes with revenue leaders on the admin around their tools.",
  ],
  angle_short: [
    "we help revenue teams automate the research, updates and follow-ups around the tools they already run, with a person approving anything customer-facing.",
  ],
};

const EVENT_SNIPPETS: TSnippets = {
  angle_subject: [
    "Before {{event}}: AI operations for {{company}}",
    "{{event}} and AI at {{company}}",
  ],
  angle_hook: [
    "Ahead of {{event}}, many go-to-market leaders like you at {{company}} are sorting the AI projects that give their teams real hours back from the ones that only look good on stage.",
    "{{event}} season is when AI pitches pile up for teams like {{company_possessive}}. I take the opposite approach: start with one revenue workflow at {{company}} and measure the hours it gives back.",
    "With {{event}} season coming, it is worth deciding which revenue task AI should take off the plate of {{company_possessive}} reps first.",
    "Many teams {{industry_in}} come back from {{event}} with a long list of AI ideas; the ones that stick at a company like {{company}} are small and measured.",
    "If you are going to {{event}} with AI on the agenda for {{company}}, the useful conversations are about one workflow, not ten.",
    "Around {{event}}, revenue leaders {{industry_in}} hear a lot about AI; for a team like {{company_possessive}}, the question worth answering is which chore goes first.",
    "Whether or not you make it to {{event}} this year, the AI conversation for {{company}} is the same: one workflow, measured in hours saved.",
  ],
  angle_value: [
    "A useful filter before {{event}}: pick one workflow, such as account research or follow-up drafting, and measure the hours it saves per rep over two weeks before buying anything new.",
  ],
  angle_proof: [
    "the AI projects that outlast {{event}} season are the ones tied to a process the team already runs every day.",
    "after {{event}}, the AI ideas that survive are the ones a team can try on its own pipeline within a week.",
  ],
  angle_connect: ["I am swapping notes with go-to-market leaders ahead of {{event}}."],
  angle_short: [
    "ahead of {{event}}, we help revenue teams pick one AI workflow worth running and measure the hours it saves per rep.",
  ],
};

const MID_MARKET_SNIPPETS: TSnippets = {
  angle_subject: [
    "AI operations for {{company_possessive}} revenue team",
    "Fewer manual hours in {{company_possessive}} revenue ops",
    "An idea for {{company_possessive}} revenue operations",
  ],
  angle_hook: [
    "Revenue teams like {{company_possessive}} tend to hit the same wall: reps spend hours on research, CRM updates and follow-ups that AI can now handle reliably.",
    "In revenue teams like {{company_possessive}}, much of the drag sits between tools: research, data entry and hand-offs that nobody owns.",
    "{{company_possessive}} reps could be losing a day a week to research, note-taking and CRM upkeep that software can now take on. With {{team_size}}, that adds up quickly.",
    "At {{company}}, most of the admin around a deal, from research before the call to notes after it, is now work AI can do reliably with a person checking it.",
    "Revenue teams {{industry_in}} are finding that the first hours AI gives back come from the admin around deals, and {{company}} is likely no exception.",
    "At {{company}}, the slowest part of the revenue process is often the research and upkeep that nobody has the hours to do. With {{team_size}}, those hours are worth winning back.",
  ],
  angle_value: [
    "A common starting point: an AI assistant that researches each new account, drafts the first touch and logs it in {{crm}}, with a person approving every message before it goes out.",
    "A common starting point: AI that keeps {{crm}} current from emails and meetings, so pipeline reviews start from real data instead of reminders to update fields.",
  ],
  angle_proof: [
    "the first AI workflow that sticks is rarely the flashy one. It is usually CRM hygiene or account research, because everyone feels the hours come back within a few weeks.",
    "the workflows that last are the dull ones: research before a call, notes after it, and a CRM that stays current without reminders.",
    "revenue teams rarely need more AI tools; they need one workflow that removes a chore every rep does every day.",
  ],
  angle_connect: ["Always keen to swap notes with revenue leaders {{industry_in}}."],
  angle_short: [
    "we help mid-market revenue teams hand research, CRM updates and follow-up drafts to AI, with a person approving anything customer-facing.",
  ],
};

/** Re-engagement: people the CRM already knows, quiet for months; no pretence of a first touch. */
const REVIVAL_SNIPPETS: TSnippets = {
  angle_subject: [
    "Picking up where we left off, {{company_contact}}",
    "A lot has changed since we last spoke, {{first_name}}",
    "Worth a second look for {{company}}?",
  ],
  angle_hook: [
    "It has been a while since {{company_contact}} and {{sender_company}} were last in touch, and a lot has changed in what AI can reliably take off a revenue team's plate.",
    "We spoke with {{company_contact}} some time ago, and the tools have moved on since: work that needed a person then can now be drafted by AI and approved in seconds.",
    "Since {{company_contact}} last looked at this with us, AI has become far more dependable at the admin around deals.",
    "When we last spoke with {{company_contact}}, AI for a revenue team was mostly promise; today it drafts research and follow-ups that a person approves in seconds.",
    "A lot of revenue teams {{industry_in}} that paused AI projects a year ago are picking them up again, and I thought of our past conversations with {{company_contact}}.",
    "Our notes from talking with {{company_contact}} say the timing was not right then; what AI can take on for a revenue team has changed a lot since.",
    "I was reading back through our conversations with {{company_contact}} and thought the question deserves a fresh look now that AI drafts work a person approves in seconds.",
  ],
  angle_value: [
    "What teams like yours start with now: an AI assistant that keeps {{crm}} current from emails and meetings and drafts the follow-ups, with a person approving each one.",
  ],
  angle_proof: [
    "teams that looked at this a year ago and waited tend to start again with one narrow workflow, and see the hours come back within a few weeks.",
    "the second look at AI usually goes better than the first, because the tools now do the dull work reliably.",
  ],
  angle_connect: [
    "{{company_contact}} and {{sender_company}} were in touch a while back and I would be glad to reconnect here.",
  ],
  angle_short: [
    "since we last spoke, we have helped revenue teams hand CRM updates and follow-up drafts to AI, with a person approving anything customer-facing.",
  ],
};

/** The campaign whose leads come back from the CRM (the revival motion). */
export const REVIVAL_CAMPAIGN = "revival";

/**
 * The angle for a campaign: by its name first (`competitor_<tool>`, `event_<name>`), then by its
 * signals (`uses_<tool>` for a conversation-intelligence tool, `event_<name>`), else mid-market ops.
 * A tool's angle needs the tool among the lead's technologies (stated only when trusted enough,
 * else asked about); an event's angle speaks of the event's season, never of the prospect going.
 */
export function campaignAngle(
  campaign: { name: string; signals: readonly string[] },
  trust: TAngleTrust,
): TCampaignAngle {
  // The revival motion rests on the CRM's history with the contact; not trusted enough, it is
  // not spoken of (the general angle instead).
  if (campaign.name === REVIVAL_CAMPAIGN && CONFIDENCE.crm >= trust.minConfidence) {
    return {
      kind: "revival",
      variables: {},
      evidence: {
        company_contact: [
          evidenceOf(
            "crm",
            "a past contact, quiet for months",
            "GoHighLevel (CRM)",
            CONFIDENCE.crm,
          ),
        ],
      },
      snippets: REVIVAL_SNIPPETS,
    };
  }
  const keys = [campaign.name, ...campaign.signals].map((k) => k.trim().toLowerCase());
  for (const [index, key] of keys.entries()) {
    const fromName = index === 0;
    if (fromName && key.startsWith(COMPETITOR_PREFIX) && key.length > COMPETITOR_PREFIX.length) {
      return competitorAngle(key.slice(COMPETITOR_PREFIX.length), trust);
    }
    if (!fromName && key.startsWith(USES_PREFIX)) {
      const tool = key.slice(USES_PREFIX.length);
      if (CONVERSATION_INTELLIGENCE.has(tool)) return competitorAngle(tool, trust);
    }
    if (key.startsWith(EVENT_PREFIX) && key.length > EVENT_PREFIX.length) {
      const name = key.slice(EVENT_PREFIX.length);
      const event = EVENT_NAMES.get(name) ?? titleCaseKey(name);
      // The campaign's search finds the event's audience, not its attendees: the copy speaks of
      // the season, never of the prospect going.
      const signal = evidenceOf("signals", key, "the campaign's search", CONFIDENCE.signal, false);
      return {
        kind: "event",
        variables: { event },
        evidence: { event: [signal] },
        snippets: EVENT_SNIPPETS,
      };
    }
  }
  return MID_MARKET;
}

const MID_MARKET: TCampaignAngle = {
  kind: "mid_market_ops",
  variables: {},
  evidence: {},
  snippets: MID_MARKET_SNIPPETS,
};

function competitorAngle(key: string, trust: TAngleTrust): TCampaignAngle {
  const tool = toolDisplayName(key);
  const shown = trust.technologies.some((t) => t.trim().toLowerCase() === tool.toLowerCase());
  if (!shown) return MID_MARKET;
  const stated = CONFIDENCE.technologies >= trust.minConfidence;
  const evidence = {
    tool: [evidenceOf("company.technologies", tool, trust.source, CONFIDENCE.technologies, stated)],
  };
  const conversation = CONVERSATION_INTELLIGENCE.has(key);
  return {
    kind: conversation ? "conversation_intelligence" : "competitor",
    variables: { tool },
    evidence,
    snippets: conversation
      ? stated
        ? CONVERSATION_INTELLIGENCE_SNIPPETS
        : CONVERSATION_INTELLIGENCE_GUESSED
      : stated
        ? COMPETITOR_SNIPPETS
        : COMPETITOR_GUESSED,
  };
}

/** One text per snippet, chosen for this lead. */
export function chooseSnippets(snippets: TSnippets, leadId: string): Record<string, string> {
  const chosen: Record<string, string> = {};
  for (const [name, variants] of Object.entries(snippets) as Array<
    [string, readonly [string, ...string[]]]
  >) {
    chosen[name] = pickVariant(variants, leadId, name);
  }
  return chosen;
}
