// Website visitors from RB2B entering the pipeline: a person we have no lead for becomes a lead of
// the website_visitors campaign, is enriched by LinkedIn URL, scored with the visit as a signal
// and crafted into a card in the Head of Sales' queue; visitors arriving together form one run; a
// person we already have only gets the visit on their timeline.
import { afterEach, describe, expect, it } from "vitest";
import { approvedCards, dispatchRuntime } from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { hooks, SECRETS } from "./support.ts";

let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

const visitor = (slug: string, extra: Record<string, string> = {}) => ({
  "LinkedIn URL": `https://www.linkedin.com/in/${slug}`,
  "First Name": "Dana",
  "Last Name": "Visitor",
  Title: "VP Sales",
  "Company Name": "Visitco",
  "Seen At": "2026-11-24T14:55:00Z",
  "Captured URL": "https://alphaswarm.example/pricing",
  ...extra,
});

describe("website visitors", () => {
  it("new visitors become leads of one run, scored with the visit, and reach the queue", async () => {
    rt = await dispatchRuntime({ env: SECRETS, crons: false });
    const people = [
      ["dana-visitor-81c2", "Dana", "Visitor", "Visitco"],
      ["li-wei-7e10", "Li", "Wei", "Harbourline"],
      ["sam-okafor-3391", "Sam", "Okafor", "Northgate Analytics"],
    ];
    for (const [slug = "", first = "", last = "", company = ""] of people) {
      const body = visitor(slug, {
        "First Name": first,
        "Last Name": last,
        "Company Name": company,
      });
      expect((await hooks(rt).rb2b(body)).json).toMatchObject({ accepted: true });
    }
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 15 * 60_000 });
    const [batch] = rt.engine?.runs({ functionId: "enter-visitors" }) ?? [];
    expect(batch?.status).toBe("completed");
    const entered = batch?.output as { runId: string; created: string[] };
    expect(entered.created).toHaveLength(3);
    const run = await rt.repos.runs.scorecard(entered.runId);
    expect(run).toMatchObject({ campaign: "website_visitors", status: "completed" });
    const leads = await rt.repos.leads.getMany(entered.created);
    for (const lead of leads) {
      expect(lead?.campaigns).toEqual(["website_visitors"]);
      const given = people.find(([slug]) => lead?.keys.linkedinUrl?.endsWith(slug ?? "-"));
      expect(lead?.given).toMatchObject({ firstName: given?.[1], company: given?.[3] });
      // The enrichment was asked for that person: the profile keeps the name and company.
      expect(lead?.profile).toMatchObject({ firstName: given?.[1], lastName: given?.[2] });
      expect(lead?.profile?.company.name).toBe(given?.[3]);
    }
    const scored = leads.filter((lead) => lead?.score);
    expect(scored.length).toBeGreaterThan(0);
    for (const lead of scored) {
      const signals = lead?.score?.factors.find((f) => f.factor === "signals");
      expect(signals?.reason).toContain("website_visit");
    }
    const pending = await rt.repos.cards.getMany(await rt.repos.cards.pendingIds());
    expect(pending.some((card) => card?.campaign === "website_visitors")).toBe(true);
    const timeline = await rt.repos.outreach.timeline(entered.created[0] ?? "");
    expect(timeline[0]).toMatchObject({ type: "rb2b.visit" });
    expect(timeline[0]?.detail).toContain("pricing");
  });

  it("a visitor we already have gets the visit on their timeline, and no new lead or run", async () => {
    rt = await dispatchRuntime({ env: SECRETS, crons: false });
    const [cardId] = await approvedCards(rt, 3);
    const [card] = await rt.repos.cards.getMany([cardId ?? ""]);
    const [lead] = await rt.repos.leads.getMany([card?.leadId ?? ""]);
    const email = lead?.profile?.email ?? "";
    const runsBefore = (await rt.repos.runs.recentIds()).length;
    await hooks(rt).rb2b({ "Business Email": email.toUpperCase(), "Captured URL": "/blog/x" });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 5 * 60_000 });
    const [batch] = rt.engine?.runs({ functionId: "enter-visitors" }) ?? [];
    expect(batch?.output).toMatchObject({ runId: null, created: [], known: [lead?.id] });
    expect((await rt.repos.runs.recentIds()).length).toBe(runsBefore);
    const timeline = await rt.repos.outreach.timeline(lead?.id ?? "");
    expect(timeline.at(-1)).toMatchObject({ type: "rb2b.visit", detail: "visited /blog/x" });
  });
});
