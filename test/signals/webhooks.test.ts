// The webhooks and the signal loop on the embedded engine: secrets (forged → 401, nothing stored),
// Instantly's and HeyReach's payload shapes, replays changing nothing, RB2B's unusable payloads
// parked with a 200; a reply on one channel stopping the lead on every channel in the same run;
// an unsubscribe suppressing the person everywhere; and 1,000 concurrent deliveries with 30%
// duplicates applied exactly once each.
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import {
  ALL_TIERS,
  approvedCards,
  dispatchRuntime,
  type Json,
  LIVE_PROVIDER_ENV,
  OPERATOR_TOKEN,
  sendingProviders,
  sendLive,
  useProviderServer,
} from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { hooks, instantlyEvent, liveOnBothChannels, SECRETS } from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("webhooks", () => {
  it("refuse a missing or wrong secret with 401 and store nothing", async () => {
    rt = await dispatchRuntime({ env: SECRETS, redis: true, redisDb: 14 });
    const call = hooks(rt);
    const keysBefore = await rt.store.redis.keys("*");
    expect((await call.instantly(instantlyEvent("email_opened", "a@b.com"), "wrong")).status).toBe(
      401,
    );
    expect((await call.heyreach({ event_type: "message_sent" }, "")).status).toBe(401);
    expect(
      (await call.rb2b({ "LinkedIn URL": "https://www.linkedin.com/in/x" }, "nope")).status,
    ).toBe(401);
    expect(await rt.store.redis.keys("*")).toEqual(keysBefore);
    await rt.store.redis.flushdb();
  });

  it("accept both HeyReach shapes and a payload without an event type; a replay changes nothing", async () => {
    rt = await dispatchRuntime({ env: SECRETS });
    const call = hooks(rt);
    const snake = {
      correlation_id: "corr-1",
      event_type: "connection_request_accepted",
      timestamp: "2026-11-24T16:00:00Z",
      campaign: { id: 334314, name: "Tier 1" },
      lead: {
        profile_url: "https://www.linkedin.com/in/jane-doe",
        first_name: "Jane",
        last_name: "Doe",
      },
    };
    const camel = {
      correlationId: "corr-2",
      eventType: "MESSAGE_SENT",
      campaign: { id: 334314 },
      lead: { profileUrl: "https://www.linkedin.com/in/jane-doe", firstName: "Jane" },
    };
    const untyped = {
      lead: { profile_url: "https://www.linkedin.com/in/jane-doe" },
      recent_messages: [
        { message: "Thanks, let's talk", is_reply: true, creation_time: "2026-11-24T17:00:00Z" },
      ],
    };
    for (const body of [snake, camel, untyped])
      expect((await call.heyreach(body)).status).toBe(202);
    // Odd but harmless values are read, not refused.
    const odd = {
      lead: { profile_url: "https://www.linkedin.com/in/jo%E0%A4%A" },
      recent_messages: [{ message: "hi", is_reply: null }],
    };
    expect((await call.heyreach(odd)).status).toBe(202);
    const replay = await call.heyreach(snake);
    expect(replay).toMatchObject({ status: 200, json: { duplicate: true } });
    expect((await call.instantly("{not json")).status).toBe(400);
    expect((await call.instantly({ no: "event type" })).status).toBe(400);
  });

  it("RB2B: a usable visitor is handed on, anything else is parked with a 200", async () => {
    rt = await dispatchRuntime({
      env: { ...SECRETS, DASHBOARD_AUTH_TOKEN: "operator-dashboard-token-0123456789abcdef" },
    });
    const call = hooks(rt);
    const visitor = {
      "LinkedIn URL": "https://www.linkedin.com/in/sam-visitor/",
      "First Name": "Sam",
      "Last Name": "Visitor",
      Title: "VP Sales",
      "Company Name": "Acme",
      "Business Email": "sam@acme.example",
      "Seen At": "2026-11-24T15:30:00Z",
      "Captured URL": "https://alphaswarm.example/pricing",
    };
    expect((await call.rb2b({ ...visitor, Tags: ["Hot Lead"] })).json).toMatchObject({
      accepted: true,
    });
    expect(
      (await call.rb2b({ "LinkedIn URL": "https://www.linkedin.com/in/jo%E0%A4%A" })).status,
    ).toBe(200);
    expect((await call.rb2b({ "First Name": "Anon" })).json).toMatchObject({
      accepted: false,
      parked: true,
    });
    expect((await call.rb2b("<html>")).status).toBe(200);
    const res = await createApp(rt).request("/api/webhooks/parked", {
      headers: { authorization: "Bearer operator-dashboard-token-0123456789abcdef" },
    });
    const parked = ((await res.json()) as Json).parked as { reason: string; payload: unknown }[];
    expect(parked.map((p) => p.reason)).toEqual([
      "body is not JSON",
      "no LinkedIn URL and no business email to identify the visitor",
    ]);
    // What RB2B sent is kept for review, even when it is not JSON.
    expect(parked[0]?.payload).toBe("<html>");
  });
});

describe("the signal loop", () => {
  it("a reply for a lead dispatched in shadow mode is applied without any provider to stop", async () => {
    rt = await dispatchRuntime({ config: ALL_TIERS, env: SECRETS });
    await approvedCards(rt, 6);
    const live = await sendLive(rt);
    const [lead] = live.channels.email.wouldSend;
    if (!lead?.to) throw new Error("expected a lead");
    await hooks(rt).instantly(instantlyEvent("reply_received", lead.to));
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [run] = rt.engine?.runs({ functionId: "apply-lead-signal" }) ?? [];
    expect(run?.status).toBe("completed");
    expect(run?.output).toMatchObject({ to: "replied", stop: true, stopped: [], unstoppable: [] });
  });

  it("an unsubscribe from a person we have no lead for still suppresses them, and is parked for review", async () => {
    rt = await dispatchRuntime({ env: SECRETS });
    await hooks(rt).instantly(instantlyEvent("lead_unsubscribed", "Stranger@Example.com"));
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [found] = await rt.repos.suppression.findMany([{ email: "stranger@example.com" }]);
    expect(found?.reason).toBe("unsubscribed");
    const parked = await rt.repos.signals.parked(10);
    expect(parked[0]?.reason).toBe("no lead has this email or LinkedIn URL (lead_unsubscribed)");
  });

  it("a LinkedIn reply stops the lead on email too, in the same run; a late open changes nothing", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: ALL_TIERS,
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV, DASHBOARD_AUTH_TOKEN: OPERATOR_TOKEN },
    });
    const lead = await liveOnBothChannels(rt);
    const call = hooks(rt);
    const before = providers.instantly.requests.length;
    await call.heyreach({
      correlation_id: "reply-1",
      event_type: "message_reply_received",
      timestamp: "2026-11-24T18:00:00Z",
      campaign: { id: 334314 },
      lead: { profile_url: lead.linkedinUrl, first_name: "X" },
      recent_messages: [{ message: "Sounds interesting, call me", is_reply: true }],
    });
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [run] = rt.engine?.runs({ functionId: "apply-lead-signal" }) ?? [];
    expect(run?.output).toMatchObject({
      matched: true,
      to: "replied",
      changed: true,
      stop: true,
      stopped: ["email", "linkedin"],
    });
    const deletes = providers.instantly.requests.slice(before).filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(1);
    expect(
      providers.heyReach.requests.some(
        (r) => r.url.pathname === "/api/public/campaign/StopLeadInCampaign",
      ),
    ).toBe(true);
    const [outreach] = await rt.repos.outreach.getMany([lead.leadId]);
    expect(outreach?.engagement?.status).toBe("replied");
    // A late open (Instantly) after the reply changes nothing.
    await call.instantly(instantlyEvent("email_opened", lead.email));
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    expect((await rt.repos.outreach.getMany([lead.leadId]))[0]?.engagement?.status).toBe("replied");
    const timeline = (await rt.repos.outreach.timeline(lead.leadId)).map((t) => t.type);
    const view = await createApp(rt).request(`/api/leads/${lead.leadId}`, {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    const body = (await view.json()) as Json;
    expect(body.status.status).toBe("replied");
    expect(body.channels.email).toMatchObject({ mode: "live" });
    expect(body.score.factors.length).toBeGreaterThan(0);
    expect(body.timeline.map((t: { type: string }) => t.type)).toContain("linkedin.stopped");
    expect(timeline).toEqual(
      expect.arrayContaining([
        "heyreach.message_reply_received",
        "email.stopped",
        "linkedin.stopped",
        "instantly.email_opened",
      ]),
    );
  });

  it("an unsubscribe suppresses the person's email and LinkedIn identities, and ends their status there", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ config: ALL_TIERS, env: { ...SECRETS, ...LIVE_PROVIDER_ENV } });
    const lead = await liveOnBothChannels(rt);
    await hooks(rt).instantly(instantlyEvent("lead_unsubscribed", lead.email.toUpperCase()));
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const [byEmail, byLinkedin] = await rt.repos.suppression.findMany([
      { email: lead.email },
      { linkedinUrl: lead.linkedinUrl },
    ]);
    expect(byEmail?.reason).toBe("unsubscribed");
    expect(byLinkedin?.reason).toBe("unsubscribed");
    expect((await rt.repos.outreach.getMany([lead.leadId]))[0]?.engagement?.status).toBe(
      "unsubscribed",
    );
  });

  it("1,000 concurrent deliveries with 30% duplicates: every distinct event applied exactly once", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({
      config: ALL_TIERS,
      env: { ...SECRETS, ...LIVE_PROVIDER_ENV },
      redis: true,
      redisDb: 14,
    });
    const lead = await liveOnBothChannels(rt);
    const timelineBefore = (await rt.repos.outreach.timeline(lead.leadId)).length;
    const distinct = Array.from({ length: 300 }, (_, i) =>
      instantlyEvent("email_opened", lead.email, {
        email_id: `open-${i}`,
        timestamp: `2026-11-24T16:${String(i % 60).padStart(2, "0")}:00Z`,
      }),
    );
    const deliveries = Array.from(
      { length: 1000 },
      (_, i) => distinct[i < 700 ? i % 300 : (i * 7) % 300],
    );
    const call = hooks(rt);
    const answers = await Promise.all(deliveries.map((body) => call.instantly(body)));
    expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(300);
    await rt.engine?.runUntilIdle({ until: rt.now().getTime() + 60_000 });
    const opens = (await rt.repos.outreach.timeline(lead.leadId))
      .slice(timelineBefore)
      .filter((t) => t.type === "instantly.email_opened");
    expect(opens).toHaveLength(300);
    await rt.store.redis.flushdb();
  });
});
