// Variety across a campaign: for 100 sandbox leads of each shipped campaign (found and enriched by
// the sandbox Apollo, as a run would), no sentence appears in more than 20% of the step-1 emails,
// no subject in more than 10%, every touch is signed by the named sender, the asks vary by step
// (a call, an offer to send, a referral, a break-up) and a re-run writes the same text.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config/load-config.ts";
import { ctaKind, sentencesOf } from "../../lib/crafting/copy-rubric.ts";
import { craftSequence } from "../../lib/crafting/craft-sequence.ts";
import type { TCraftedStep } from "../../lib/crafting/sequence-types.ts";
import type { TPersonProfile } from "../../lib/leads/profile.ts";
import { createApolloSandbox } from "../../lib/providers/apollo-sandbox.ts";
import { withRealSender } from "../support/real-sender.ts";

const config = withRealSender(loadConfig());
const { sender } = config.sending;
const FOOTER = [sender.signature, sender.postal_address, sender.unsubscribe_line];
const LEADS = 100;

/** The text a lead reads in a step, without the lines every email shares. */
function ownText(step: TCraftedStep): string {
  let body = step.body;
  for (const line of FOOTER) body = body.split(line).join("");
  return body.trim();
}

async function campaignSequences(name: string) {
  const campaign = config.campaigns[name];
  if (!campaign) throw new Error(`no campaign ${name}`);
  const apollo = createApolloSandbox({ seed: "copy-variety" });
  const found = await apollo.searchPeople({ ...campaign.apollo, page: 1, per_page: LEADS });
  const profiles: TPersonProfile[] = [];
  for (let i = 0; i < found.people.length; i += 10) {
    const ids = found.people.slice(i, i + 10).map((p) => ({ id: p.apolloId }));
    profiles.push(...(await apollo.bulkMatch(ids)).matches.filter((p) => p !== null));
  }
  const craft = (profile: TPersonProfile) =>
    craftSequence({
      leadId: `lead_${profile.apolloId}`,
      profile,
      tier: "tier_2",
      campaign: { name, signals: campaign.signals, description: campaign.description },
      cadence: config.cadence,
      sender,
      caseStudies: config.caseStudies.case_studies,
    });
  return { profiles, sequences: profiles.map(craft), craft };
}

const share = (counts: Map<string, number>, n: number) =>
  [...counts].sort((a, b) => b[1] - a[1]).map(([text, count]) => ({ text, share: count / n }))[0];

describe("copy variety across 100 leads of a campaign", () => {
  for (const name of Object.keys(config.campaigns)) {
    it(`${name}: no step-1 sentence in > 20% of leads, no subject in > 10%, signed, varied asks, stable`, async () => {
      const { profiles, sequences, craft } = await campaignSequences(name);
      expect(sequences.length).toBeGreaterThanOrEqual(90);
      const sentences = new Map<string, number>();
      const subjects = new Map<string, number>();
      for (const { steps } of sequences) {
        const first = steps.find((s) => s.step === 1);
        if (!first) throw new Error("no step 1");
        for (const s of new Set(sentencesOf(ownText(first)))) {
          sentences.set(s, (sentences.get(s) ?? 0) + 1);
        }
        const subject = first.subject?.toLowerCase() ?? "";
        subjects.set(subject, (subjects.get(subject) ?? 0) + 1);
      }
      const topSentence = share(sentences, sequences.length);
      const topSubject = share(subjects, sequences.length);
      expect(topSentence?.share, topSentence?.text).toBeLessThanOrEqual(0.2);
      expect(topSubject?.share, topSubject?.text).toBeLessThanOrEqual(0.1);

      const firstName = sender.name.split(" ")[0] ?? "";
      for (const { steps } of sequences) {
        for (const step of steps) expect(step.body, `step ${step.step}`).toContain(firstName);
        const kinds = steps.map((s) => ctaKind(ownText(s), sender.calendar_url));
        expect(new Set(kinds.filter((k) => k !== "none"))).toEqual(
          new Set(["call", "resource", "referral", "breakup"]),
        );
        expect(kinds.filter((k) => k === "call").length).toBeLessThanOrEqual(4);
      }

      const again = craft(profiles[0] as TPersonProfile);
      expect(again).toEqual(sequences[0]);
    });
  }
});
