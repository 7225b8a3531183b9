// The Head of Sales' approval API over a queue filled by a real sandbox pipeline run: the pending
// queue, approve (once), reject with a tag from the taxonomy, edit with compliance re-checked,
// override with a reason, the audit trail, concurrency, stale cards, and the dispatch seam.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import type { CardView } from "../../lib/approval/card-view.ts";
import { flushDecisionOutbox } from "../../lib/approval/outbox.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { auditEntry } from "../../lib/store/audit-repo.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "hos-dashboard-token-0123456789abcdef";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup(limit = 8, redisUrl?: string) {
  const rt = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN, ...(redisUrl && { REDIS_URL: redisUrl }) },
    start: new Date("2026-11-24T15:00:00Z"), // Tuesday 10:00 in Detroit, inside the send window
  });
  runtime = rt;
  if (redisUrl) await rt.store.redis.flushdb();
  await startRun(rt, { campaign: "default", mode: "sandbox", limit }, "test");
  await rt.engine?.runUntilIdle();
  const app = createApp(rt);
  const call = async (
    path: string,
    init: { method?: string; body?: unknown; actor?: string } = {},
  ) => {
    const res = await app.request(path, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        ...(init.actor && { "x-actor": init.actor }),
      },
      ...(init.body !== undefined && {
        body: typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      }),
    });
    return { status: res.status, json: await res.json() };
  };
  const pending = async (): Promise<CardView[]> =>
    (await call("/api/emails/pending?view=full&limit=200")).json.cards;
  const eventsNamed = (name: string) =>
    rt.engine?.runs().filter((r) => r.event.name === name) ?? [];
  return { rt, app, call, pending, eventsNamed };
}

describe("GET /api/emails/pending", () => {
  it("lists actionable cards oldest first with lead, tier, score, why, message and compliance", async () => {
    const { pending } = await setup();
    const cards = await pending();
    expect(cards.length).toBeGreaterThan(3);
    const times = cards.map((c) => Date.parse(c.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const card of cards) {
      expect(card.status).toBe("pending");
      expect(card.mode).toBe("sandbox");
      expect(card.lead.name).toMatch(/\S+ \S+/);
      expect(card.lead.email).toMatch(/@/);
      expect(["tier_1", "tier_2", "tier_3"]).toContain(card.tier);
      expect(card.whyThisScore.reduce((s, f) => s + f.points, 0)).toBe(card.score);
      expect(card.message.body).toContain("Reply STOP to unsubscribe.");
      expect(card.compliance.checks.map((c) => c.id)).toEqual(
        expect.arrayContaining([
          "unsubscribe_line",
          "postal_address",
          "signature",
          "cta",
          "no_unfilled_variables",
        ]),
      );
      expect(card.compliance.passed).toBe(true);
    }
  });

  it("leaves out cards older than the maximum age unless ?include=stale", async () => {
    const { rt, call } = await setup(4);
    rt.clock.advance(73 * 3600_000);
    const fresh = await call("/api/emails/pending");
    expect(fresh.json.cards).toHaveLength(0);
    expect(fresh.json.staleCount).toBeGreaterThan(0);
    expect(fresh.json.maxAgeHours).toBe(72);
    const all = await call("/api/emails/pending?include=stale");
    expect(all.json.cards).toHaveLength(fresh.json.staleCount);
    // A cursor from a listing with stale cards does not page through them once they are hidden.
    const first = await call("/api/emails/pending?include=stale&limit=1");
    const after = await call(`/api/emails/pending?limit=1&cursor=${first.json.nextCursor}`);
    expect(after.json.cards).toEqual([]);
    expect(after.json.nextCursor).toBeNull();
    expect(all.json.cards.every((c: CardView) => c.stale)).toBe(true);
    expect((await call("/api/emails/pending?include=everything")).status).toBe(400);
  });

  it("pages the queue with a cursor, 25 slim cards by default, the whole card on demand", async () => {
    const { call, rt } = await setup(60);
    const all = (await call("/api/emails/pending?view=full&limit=200")).json;
    expect(all.total).toBe(all.cards.length);
    expect(all.nextCursor).toBeNull();
    expect(all.cards.length).toBeGreaterThan(30);

    const first = (await call("/api/emails/pending")).json;
    expect(first.cards).toHaveLength(25);
    expect(first.total).toBe(all.total);
    const slim = first.cards[0];
    expect(Object.keys(slim).sort()).toEqual(
      [
        "ageMinutes",
        "campaign",
        "compliance",
        "createdAt",
        "decisionDueAt",
        "edited",
        "firstReviewedAt",
        "id",
        "lead",
        "mode",
        "preview",
        "runId",
        "score",
        "stale",
        "status",
        "tier",
      ].sort(),
    );
    expect(slim.compliance).toEqual({ passed: true, failed: [], failedSteps: [] });
    expect(slim.preview.body.length).toBeLessThanOrEqual(280);
    expect(all.cards[0].message.body.startsWith(slim.preview.body.replace(/…$/, ""))).toBe(true);
    // A slim page is a fraction of the full one.
    const fullPage = await call("/api/emails/pending?view=full");
    expect(JSON.stringify(first).length).toBeLessThan(JSON.stringify(fullPage.json).length / 2);

    // Walking the cursor visits every card once, oldest first, even after decisions in between.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=10&cursor=${cursor}` : "?limit=10";
      const page = (await call(`/api/emails/pending${query}`)).json;
      seen.push(...page.cards.map((c: { id: string }) => c.id));
      if (pages === 0) {
        // Decide a card of the first page: the next page still starts where this one ended.
        const response = await call(`/api/emails/${page.cards[0].id}/approve`, {
          method: "POST",
          body: {},
        });
        expect(response.status).toBe(200);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toEqual(all.cards.map((c: CardView) => c.id));
    expect(pages).toBe(Math.ceil(all.cards.length / 10));

    for (const bad of [
      "limit=0",
      "limit=201",
      "limit=ten",
      "limit=0x10",
      "limit=1e2",
      "limit=%205",
      "cursor=nope",
      "view=huge",
      "include=foo",
    ]) {
      const refused = await call(`/api/emails/pending?${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.json.error).toBe("invalid_request");
      expect(refused.json.detail).toMatch(/^query\.(limit|cursor|view|include): /);
    }
    expect((await call("/api/emails/pending?limit=0")).json.detail).toBe(
      "query.limit: expected a whole number from 1 to 200",
    );
    expect((await call("/api/emails/pending?limit=1&limit=2")).json.detail).toBe(
      "query.limit: given more than once",
    );
    expect((await call("/api/emails/pending?include=foo")).json.detail).toBe(
      'query.include: expected "stale"',
    );
    expect(rt.logs.some(([level]) => level === "error")).toBe(false);
  });
});

describe("GET /api/emails/pending, rendered once per change", () => {
  it("answers an unchanged queue without reading its cards, and shows every change at once", async () => {
    const { call, rt } = await setup(12);
    const reads = vi.spyOn(rt.repos.cards, "listMany");
    const page = async (query = "") => (await call(`/api/emails/pending${query}`)).json;
    const first = await page();
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await page()).toEqual(first);
    expect(reads).toHaveBeenCalledTimes(1);
    const [a, b, c] = first.cards as { id: string; lead: { id: string } }[];

    // A decision: the card leaves the page on the next read.
    await call(`/api/emails/${a?.id}/approve`, { method: "POST", body: {} });
    const afterApprove = await page();
    expect(afterApprove.cards.map((card: { id: string }) => card.id)).not.toContain(a?.id);
    expect(afterApprove.total).toBe(first.total - 1);

    // An edit, a first look, a lead's new verification: each shows on the next read.
    await call(`/api/emails/${b?.id}`, {
      method: "PATCH",
      body: { body: "Edited for the cache." },
    });
    const edited = (await page("?view=full")).cards.find((card: CardView) => card.id === b?.id);
    expect(edited.message.body).toBe("Edited for the cache.");
    await call(`/api/emails/${c?.id}`);
    const looked = (await page()).cards.find((card: CardView) => card.id === c?.id);
    expect(looked.firstReviewedAt).not.toBeNull();
    const [lead] = await rt.repos.leads.getMany([c?.lead.id ?? ""]);
    if (!lead?.verification) throw new Error("expected a verified lead");
    await rt.repos.leads.save(
      [{ ...lead, verification: { ...lead.verification, status: "catch-all" } }],
      ["verification"],
    );
    const risky = (await page()).cards.find((card: CardView) => card.id === c?.id);
    expect(risky.lead.verification).toEqual({ status: "catch-all", risky: true });

    // Time alone: a minute later every card is a minute older, without any write.
    const before = await page();
    rt.clock.advance(60_000);
    const later = await page();
    expect(later.cards[0].ageMinutes).toBe(before.cards[0].ageMinutes + 1);
  });
});

describe("approve", () => {
  it("emits email.approved once, hands the card to dispatch, and answers a second approval with 409", async () => {
    const { rt, call, pending, eventsNamed } = await setup();
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const first = await call(`/api/emails/${card.id}/approve`, {
      method: "POST",
      body: {},
      actor: "Head of Sales",
    });
    expect(first.status).toBe(200);
    expect(first.json.card).toMatchObject({
      status: "approved",
      decision: { action: "approved", by: "Head of Sales (via API token)" },
    });
    expect(first.json.event).toMatchObject({ name: "email.approved", sent: true });
    // The decided card is answered slim: the first message as approved, not the whole sequence.
    expect(first.json.card.message.body).toBe(card.message.body);
    expect(first.json.card.compliance).toMatchObject({ passed: true, failedSteps: [] });
    expect(first.json.card.sequence).toBeUndefined();
    expect(JSON.stringify(first.json).length).toBeLessThan(4_000);
    const whole = await call(`/api/emails/${card.id}`);
    expect(whole.json.sequence).toHaveLength(8);
    expect(whole.json.status).toBe("approved");
    await rt.engine?.runUntilIdle();
    expect(eventsNamed("email.approved")).toHaveLength(1);
    expect(eventsNamed("email.approved")[0]?.status).toBe("completed");
    expect(await rt.repos.cards.dispatchQueue()).toEqual([card.id]);

    const second = await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(second.status).toBe(409);
    expect(second.json.card.status).toBe("approved");
    expect(second.json.detail).toContain("already approved");
    await rt.engine?.runUntilIdle();
    expect(eventsNamed("email.approved")).toHaveLength(1);
    expect((await pending()).map((c) => c.id)).not.toContain(card.id);
  });

  it("records a decision beside the card without rewriting it; cards decided before read the same", async () => {
    const { rt, call, pending } = await setup(4);
    const [card, other] = await pending();
    if (!card || !other) throw new Error("no cards");
    const bodyKey = storeKey("card", card.id);
    const before = await rt.store.redis.get(bodyKey);
    await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(await rt.store.redis.get(bodyKey)).toBe(before);
    const state = await rt.store.redis.get(storeKey("card", card.id, "state"));
    expect(String(state).length).toBeLessThan(400);
    expect((await rt.repos.cards.get(card.id))?.decision?.action).toBe("approved");

    // A card decided by an earlier version: the decision inside the card's own record.
    const stored = await rt.repos.cards.get(other.id);
    if (!stored) throw new Error("no stored card");
    const decision = {
      action: "rejected" as const,
      by: "HoS",
      at: stored.createdAt,
      tag: "x",
      eventId: "e",
    };
    await rt.store.redis.set(storeKey("card", other.id), {
      ...stored,
      status: "rejected",
      decision,
    });
    expect(await rt.repos.cards.get(other.id)).toMatchObject({ status: "rejected", decision });
  });

  it("approves with an edit in one call, re-checking compliance", async () => {
    const { call, pending } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const subject = "A shorter subject";
    const res = await call(`/api/emails/${card.id}/approve`, { method: "POST", body: { subject } });
    expect(res.status).toBe(200);
    expect(res.json.card.message.subject).toBe(subject);
    expect(res.json.card.edited).toBe(true);
  });
});

describe("the decided card's first review", () => {
  it("is the earlier look when there was one, else the decision itself", async () => {
    const { rt, call, pending } = await setup(4);
    const [looked, unseen] = await pending();
    if (!looked || !unseen) throw new Error("need two cards");
    const lookedAt = rt.now().toISOString();
    await call(`/api/emails/${looked.id}`);
    rt.clock.advance(5 * 60_000);
    const first = await call(`/api/emails/${looked.id}/approve`, { method: "POST", body: {} });
    expect(first.json.card.firstReviewedAt).toBe(lookedAt);
    const second = await call(`/api/emails/${unseen.id}/reject`, {
      method: "POST",
      body: { rejection_tag: "other" },
    });
    expect(second.json.card.firstReviewedAt).toBe(second.json.card.decision.at);
    expect((await call(`/api/emails/${unseen.id}`)).json.firstReviewedAt).toBe(
      second.json.card.decision.at,
    );
  });
});

describe("reject", () => {
  it("requires a tag from the taxonomy, listing the allowed ones", async () => {
    const { call, pending, eventsNamed } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const missing = await call(`/api/emails/${card.id}/reject`, { method: "POST", body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.detail).toContain("rejection_tag");
    const unknown = await call(`/api/emails/${card.id}/reject`, {
      method: "POST",
      body: { rejection_tag: "meh" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.allowed).toContain("queue_hygiene_non_actionable");
    expect(unknown.json.detail).toContain("allowed: personalization_weak");
    expect(eventsNamed("email.rejected")).toHaveLength(0);
    const tags = await call("/api/rejection-tags");
    expect(tags.json.tags.map((t: { tag: string }) => t.tag)).toEqual(unknown.json.allowed);
  });

  it("emits email.rejected with the tag and note", async () => {
    const { rt, call, pending, eventsNamed } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const res = await call(`/api/emails/${card.id}/reject`, {
      method: "POST",
      body: { rejection_tag: "personalization_weak", note: "Too generic" },
      actor: "Head of Sales",
    });
    expect(res.status).toBe(200);
    expect(res.json.card.decision).toMatchObject({
      action: "rejected",
      tag: "personalization_weak",
      note: "Too generic",
    });
    await rt.engine?.runUntilIdle();
    const [event] = eventsNamed("email.rejected");
    expect(event?.event.data).toMatchObject({
      cardId: card.id,
      rejectionTag: "personalization_weak",
      rejectedBy: "Head of Sales (via API token)",
      note: "Too generic",
    });
    expect(event?.status).toBe("completed");
    expect(await rt.repos.cards.rejectionCounts("default")).toEqual({ personalization_weak: 1 });
  });
});

describe("steps routing will not send", () => {
  it("are named on the whole card: a tier-3 card's LinkedIn steps go nowhere, and why", async () => {
    const { pending, rt } = await setup(20);
    const cards = await pending();
    const byTier = (tier: string) => cards.filter((c) => c.tier === tier);
    expect(byTier("tier_3").length).toBeGreaterThan(0);
    for (const card of cards) {
      const routed = card.tier ? rt.config.sending.routing[card.tier] : [];
      if (!routed.includes("linkedin")) {
        expect(card.heldBack.linkedin).toBe(`${card.tier} goes by email only`);
      } else {
        expect(card.heldBack.linkedin === null || card.heldBack.linkedin.length > 0).toBe(true);
      }
      expect(card.heldBack.email).toBeNull();
    }
  });
});

describe("the evidence behind a step's personal lines", () => {
  it("comes with the whole card, and an edit keeps only the claims whose sentence it keeps", async () => {
    const { call, pending } = await setup(8);
    const cards = await pending();
    const found = cards
      .flatMap((card) => card.sequence.map((step) => ({ card, step })))
      .find(({ step }) => (step.claims?.length ?? 0) >= 1 && step.channel === "email");
    if (!found) throw new Error("no step with claims");
    const { card, step } = found;
    const [dropped, ...kept] = step.claims ?? [];
    if (!dropped) throw new Error("no claim");
    for (const claim of step.claims ?? []) {
      expect(`${step.subject}\n${step.body}`).toContain(claim.text);
      for (const e of claim.evidence) {
        expect(e).toMatchObject({ source: expect.stringMatching(/Apollo|BetterContact|search/) });
        expect(e.confidence).toBeGreaterThan(0);
      }
    }
    const body = step.body.replace(dropped.text, "I wrote this line myself.");
    const edit = await call(`/api/emails/${card.id}`, {
      method: "PATCH",
      body: { step: step.step, body },
    });
    expect(edit.status).toBe(200);
    const after = (await call(`/api/emails/${card.id}`)).json.sequence.find(
      (s: { step: number }) => s.step === step.step,
    );
    const texts = (after.claims ?? []).map((c: { text: string }) => c.text);
    expect(texts).not.toContain(dropped.text);
    for (const claim of kept) {
      if (body.includes(claim.text) || step.subject === claim.text)
        expect(texts).toContain(claim.text);
    }
  });
});

describe("edit, compliance and override", () => {
  it("re-checks compliance after an edit; the legal lines can never be overridden, a style check only with a sentence", async () => {
    const { rt, call, pending, eventsNamed } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const original = card.message.body;
    // Without the unsubscribe line the message fails a legal check: no override lets it out.
    const body = original.replace("Reply STOP to unsubscribe.", "").trim();
    const edit = await call(`/api/emails/${card.id}`, {
      method: "PATCH",
      body: { body },
      actor: "Head of Sales",
    });
    expect(edit.status).toBe(200);
    expect(edit.json.card.compliance.passed).toBe(false);
    expect(
      edit.json.card.compliance.checks.find((c: { id: string }) => c.id === "unsubscribe_line")
        .passed,
    ).toBe(false);
    const refused = await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe("legal_check_failed");
    expect(refused.json.failedChecks.map((c: { id: string }) => c.id)).toContain(
      "unsubscribe_line",
    );
    const legal = await call(`/api/emails/${card.id}/approve`, {
      method: "POST",
      body: { override: true, reason: "The footer is added by Instantly at send time." },
    });
    expect(legal.status).toBe(400);
    expect(legal.json.error).toBe("legal_check_failed");
    expect(legal.json.detail).toContain("can never be overridden");
    expect((await call(`/api/emails/${card.id}`)).json.status).toBe("pending");

    // Without the signature it fails a style check: overridable with a reason of a sentence.
    const unsigned = original.replace(rt.config.sending.sender.signature, "").trim();
    expect(
      (
        await call(`/api/emails/${card.id}`, { method: "PATCH", body: { body: unsigned } })
      ).json.card.compliance.checks
        .filter((c: { passed: boolean }) => !c.passed)
        .map((c: { id: string }) => c.id),
    ).toEqual(["signature"]);
    const style = await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(style.json.error).toBe("compliance_failed");
    for (const reason of [undefined, "ok!", "fine by me"]) {
      const short = await call(`/api/emails/${card.id}/approve`, {
        method: "POST",
        body: { override: true, ...(reason && { reason }) },
      });
      expect(short.status, String(reason)).toBe(400);
      expect(short.json.detail).toContain("reason of at least a sentence");
    }
    const why = "Signed in the Instantly template, so it is added at send time";
    const overridden = await call(`/api/emails/${card.id}/approve`, {
      method: "POST",
      body: { override: true, reason: why },
      actor: "Head of Sales",
    });
    expect(overridden.status).toBe(200);
    expect(overridden.json.card.decision.override).toEqual({ reason: why });
    await rt.engine?.runUntilIdle();
    expect(eventsNamed("email.approved")[0]?.event.data).toMatchObject({
      edited: true,
      override: { reason: why },
    });

    const audit = await call(`/api/audit?card=${card.id}`);
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual([
      "approve",
      "override",
      "edit",
      "edit",
    ]);
    const editEntry = audit.json.entries[3];
    expect(editEntry).toMatchObject({ actor: "Head of Sales (via API token)", cardId: card.id });
    expect(editEntry.before.body).toContain("Reply STOP to unsubscribe.");
    expect(editEntry.after.body).not.toContain("Reply STOP to unsubscribe.");
    expect(audit.json.entries[1].detail).toBe(why);
  });

  it("refuses a body that is not JSON (never reading it as {}), an oversized body, and a wrong type", async () => {
    const { app, call, pending } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const asText = await app.request(`/api/emails/${card.id}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/plain" },
      body: JSON.stringify({ body: "edited" }),
    });
    expect(asText.status).toBe(415);
    expect((await call(`/api/emails/${card.id}`)).json.status).toBe("pending");
    const huge = await app.request(`/api/emails/${card.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "x".repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    const wrongType = await call(`/api/emails/${card.id}/reject`, {
      method: "POST",
      body: { rejection_tag: 7 },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.detail).toContain("rejection_tag must be a string");
  });

  it("refuses edits of decided cards and bad input, never with a 500", async () => {
    const { call, pending } = await setup(4);
    const [card, other] = await pending();
    if (!card || !other) throw new Error("no cards");
    await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(
      (await call(`/api/emails/${card.id}`, { method: "PATCH", body: { body: "x" } })).status,
    ).toBe(409);
    expect(
      (await call(`/api/emails/${other.id}`, { method: "PATCH", body: { body: "" } })).status,
    ).toBe(400);
    expect(
      (await call(`/api/emails/${other.id}`, { method: "PATCH", body: { colour: "red" } })).status,
    ).toBe(400);
    expect(
      (await call(`/api/emails/${other.id}`, { method: "PATCH", body: "{ nope" })).status,
    ).toBe(400);
    expect((await call("/api/emails/card_00000000000000000000")).status).toBe(404);
    expect((await call("/api/emails/not-a-card")).status).toBe(400);
    expect(
      (await call("/api/emails/card_00000000000000000000/approve", { method: "POST", body: {} }))
        .status,
    ).toBe(404);
  });
});

const redisUrl = inject("redisUrl");

describe.each([
  ["the embedded store", undefined],
  ["a real redis-server", redisUrl ? `${redisUrl}/9` : undefined],
])("concurrency on %s", (transport, url) => {
  it.skipIf(transport !== "the embedded store" && !url)(
    "a concurrent approve and reject of one card: exactly one wins and exactly one event is sent",
    async () => {
      const { rt, call, pending } = await setup(4, url);
      // Every event the engine takes, sent or stored with its decision.
      const sent: string[] = [];
      rt.engine?.on("event:sent", (e) => {
        if (e.name.startsWith("email.")) sent.push(`${e.name} ${JSON.stringify(e.data)}`);
      });
      const cards = await pending();
      for (const card of cards.slice(0, 3)) {
        const results = await Promise.all([
          call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} }),
          call(`/api/emails/${card.id}/reject`, {
            method: "POST",
            body: { rejection_tag: "other" },
          }),
          call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
        expect(sent.filter((line) => line.includes(card.id))).toHaveLength(1);
      }
      expect(sent).toHaveLength(3);
    },
  );

  it.skipIf(transport !== "the embedded store" && !url)(
    "100 concurrent decisions on one card: one winner, 99 × 409 carrying the decided card, one event",
    async () => {
      const { rt, call, pending, eventsNamed } = await setup(2, url);
      const [card] = await pending();
      if (!card) throw new Error("no card");
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          i % 3 === 0
            ? call(`/api/emails/${card.id}/reject`, {
                method: "POST",
                body: { rejection_tag: "other" },
              })
            : call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} }),
        ),
      );
      const won = results.filter((r) => r.status === 200);
      const lost = results.filter((r) => r.status === 409);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(99);
      const decided = won[0]?.json.card.status;
      expect(["approved", "rejected"]).toContain(decided);
      for (const loser of lost) {
        expect(loser.json.error).toBe("conflict");
        expect(loser.json.card.id).toBe(card.id);
        expect(loser.json.card.status).toBe(decided);
        expect(loser.json.card.decision.action).toBe(decided);
      }
      await rt.engine?.runUntilIdle();
      // The engine's run history lives in the store: count this card's events only.
      const events = eventsNamed(`email.${decided}`).filter((r) => r.event.data.cardId === card.id);
      expect(events).toHaveLength(1);
      const audit = (await call(`/api/audit?card=${card.id}`)).json.entries as {
        action: string;
      }[];
      expect(audit.filter((e) => e.action === "approve" || e.action === "reject")).toHaveLength(1);
    },
  );

  it.skipIf(transport !== "the embedded store" && !url)(
    "edits racing an approval: every edit lands before the decision or not at all, and the approval covers the message as last edited",
    async () => {
      const { call, pending } = await setup(2, url);
      const [card] = await pending();
      if (!card) throw new Error("no card");
      const results = await Promise.all(
        Array.from({ length: 21 }, (_, i) =>
          i === 10
            ? call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} })
            : call(`/api/emails/${card.id}`, {
                method: "PATCH",
                body: { body: `${card.message.body}\n\nP.S. edit ${i}` },
              }),
        ),
      );
      expect(results[10]?.status).toBe(200);
      for (const result of results) expect([200, 409]).toContain(result.status);
      const trail = (await call(`/api/audit?card=${card.id}&limit=100`)).json.entries as {
        action: string;
        after: { body?: string } | null;
      }[];
      const oldestFirst = [...trail].reverse();
      expect(oldestFirst.at(-1)?.action).toBe("approve");
      const edits = oldestFirst.filter((e) => e.action === "edit");
      expect(edits).toHaveLength(results.filter((r, i) => i !== 10 && r.status === 200).length);
      const stored = await call(`/api/emails/${card.id}`);
      expect(stored.json.status).toBe("approved");
      expect(stored.json.message.body).toBe(edits.at(-1)?.after?.body ?? card.message.body);
    },
  );

  it.skipIf(transport !== "the embedded store" && !url)(
    "a change computed from a card read before another change lands nothing",
    async () => {
      const { rt, pending } = await setup(2, url);
      const [card] = await pending();
      if (!card) throw new Error("no card");
      const stale = await rt.repos.cards.readForChange(card.id);
      const fresh = await rt.repos.cards.readForChange(card.id);
      const stored = fresh.card;
      if (!stored) throw new Error("no stored card");
      const decision = (by: string) => ({
        ...stored,
        status: "approved" as const,
        decision: { action: "approved" as const, by, at: rt.now().toISOString(), eventId: "e" },
      });
      expect(await rt.repos.cards.recordDecision(fresh, decision("first"), () => {}, null)).toBe(
        true,
      );
      expect(await rt.repos.cards.recordDecision(stale, decision("second"), () => {}, null)).toBe(
        false,
      );
      const edited = { ...stored, message: { ...stored.message, body: "late edit" } };
      const at = rt.now().toISOString();
      expect(await rt.repos.cards.saveIf(stale, edited, () => {}, at)).toBe(false);
      const after = await rt.repos.cards.get(card.id);
      expect(after?.decision?.by).toBe("first");
      expect(after?.message.body).toBe(stored.message.body);
    },
  );
});

describe("a decision left half-written", () => {
  it("is recorded by the next request that touches the card, and announced once", async () => {
    const { rt, call, pending, eventsNamed } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    // A process claimed an approval and died before recording it.
    const stored = await rt.repos.cards.get(card.id);
    if (!stored) throw new Error("no stored card");
    const at = rt.now().toISOString();
    const decision = {
      action: "approved" as const,
      by: "Head of Sales",
      at,
      eventId: `email.approved-${card.id}`,
    };
    const audit = [
      auditEntry({
        at,
        actor: "Head of Sales",
        action: "approve",
        cardId: card.id,
        before: null,
        after: null,
        detail: null,
      }),
    ];
    // (Earlier versions claimed a decision in its own key before recording it.)
    await rt.store.redis.set(storeKey("card", card.id, "decision"), {
      state: { status: "approved", decision, updatedAt: at },
      audit,
    });
    expect((await pending()).map((c) => c.id)).toContain(card.id);

    const reject = await call(`/api/emails/${card.id}/reject`, {
      method: "POST",
      body: { rejection_tag: "other" },
    });
    expect(reject.status).toBe(409);
    expect(reject.json.card).toMatchObject({
      status: "approved",
      decision: { by: "Head of Sales" },
    });
    expect((await pending()).map((c) => c.id)).not.toContain(card.id);
    expect(
      (await call(`/api/audit?card=${card.id}`)).json.entries.map(
        (e: { action: string }) => e.action,
      ),
    ).toEqual(["approve"]);
    expect(await flushDecisionOutbox(rt)).toEqual({ sent: 1, pending: 0 });
    await rt.engine?.runUntilIdle();
    expect(eventsNamed("email.approved")).toHaveLength(1);
    expect(eventsNamed("email.rejected")).toHaveLength(0);
  });
});

describe("outbox", () => {
  it("keeps a decision whose event could not be sent, and the flush sends it once", async () => {
    const { rt, call, pending, eventsNamed } = await setup(4);
    const [card] = await pending();
    if (!card) throw new Error("no card");
    const emit = rt.emit;
    // Sent, as to Inngest, rather than stored with the decision (the outbox's case).
    rt.emitWithin = () => null;
    rt.emit = async () => {
      throw new Error("Inngest unreachable");
    };
    const res = await call(`/api/emails/${card.id}/approve`, { method: "POST", body: {} });
    expect(res.status).toBe(200);
    expect(res.json.event.sent).toBe(false);
    expect(await rt.repos.cards.outbox()).toEqual([card.id]);
    rt.emit = emit;
    expect(await flushDecisionOutbox(rt)).toEqual({ sent: 1, pending: 0 });
    expect(await flushDecisionOutbox(rt)).toEqual({ sent: 0, pending: 0 });
    await rt.engine?.runUntilIdle();
    expect(eventsNamed("email.approved")).toHaveLength(1);
  });
});

describe("audit and diagnostics", () => {
  it("has no route that edits or deletes the trail", async () => {
    const { call } = await setup(4);
    for (const method of ["DELETE", "PATCH", "PUT", "POST"]) {
      expect((await call("/api/audit", { method, body: {} })).status).toBe(404);
    }
  });

  it("counts SLA breaches in send-window minutes, and a first look stops the review clock", async () => {
    const { rt, call, pending } = await setup(4);
    const cards = await pending();
    const [looked] = cards;
    if (!looked) throw new Error("no card");
    rt.clock.advance(20 * 60_000);
    let diag = (await call("/api/queue/diagnostics")).json;
    expect(diag.counts).toMatchObject({
      pending: cards.length,
      awaitingFirstReview: 0,
      awaitingDecision: 0,
    });
    await call(`/api/emails/${looked.id}`);
    rt.clock.advance(25 * 60_000);
    diag = (await call("/api/queue/diagnostics")).json;
    expect(diag.counts.awaitingFirstReview).toBe(cards.length - 1);
    expect(diag.awaitingFirstReview.map((c: { id: string }) => c.id)).not.toContain(looked.id);
    expect(diag.awaitingFirstReview[0].windowMinutes).toBe(45);
    // Created 10:00, now 18:00: the window closed at 17:00, so 420 window minutes (> 120).
    rt.clock.advance((7 * 60 + 15) * 60_000);
    diag = (await call("/api/queue/diagnostics")).json;
    expect(diag.counts.awaitingDecision).toBe(cards.length);
    expect(diag.awaitingDecision[0].windowMinutes).toBe(420);
    expect(diag.sla).toEqual({ firstReviewMinutes: 30, decisionMinutes: 120, maxAgeHours: 72 });
  });
});
