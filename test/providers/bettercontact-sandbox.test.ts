// The BetterContact sandbox: finds an email for most (≈70%) but not all contacts, at the
// contact's domain, deterministically per seed; in progress for its processing time after submit.
import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import type { BetterContactInput } from "../../lib/providers/bettercontact-input.ts";
import { createBetterContactSandbox } from "../../lib/providers/bettercontact-sandbox.ts";
import { ZBetterContactPollResponse } from "../../lib/providers/bettercontact-schemas.ts";
import { sandboxJob } from "../../lib/providers/sandbox/bettercontact-world.ts";
import { FIRST_NAMES, LAST_NAMES } from "../../lib/providers/sandbox/pools/names.ts";
import { failure } from "./support.ts";

const people = (n: number, offset = 0): BetterContactInput[] =>
  Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return {
      uuid: `lead-${i}`,
      firstName: FIRST_NAMES[i % FIRST_NAMES.length] ?? "Dana",
      lastName: LAST_NAMES[(i * 7) % LAST_NAMES.length] ?? "Lee",
      company: `Company ${i}`,
      companyDomain: `company${i}.com`,
    };
  });

async function enrich(seed: string, contacts: BetterContactInput[]) {
  const client = createBetterContactSandbox({ seed });
  const results = [];
  for (let i = 0; i < contacts.length; i += 100) {
    const { requestId } = await client.submit(contacts.slice(i, i + 100));
    const poll = await client.poll(requestId);
    expect(poll.done).toBe(true);
    results.push(...poll.results);
  }
  return results;
}

describe("BetterContact sandbox", () => {
  it("finds an email for about 70% of 1,000 contacts, at their own domain", async () => {
    const contacts = people(1_000);
    const results = await enrich("bc", contacts);
    expect(results.map((r) => r.uuid)).toEqual(contacts.map((c) => c.uuid));
    const found = results.filter((r) => r.email !== null);
    expect(found.length / results.length).toBeGreaterThan(0.62);
    expect(found.length / results.length).toBeLessThan(0.78);
    found.forEach((result) => {
      const i = Number(result.uuid.slice(5));
      expect(result.email).toMatch(new RegExp(`@company${i}\\.com$`));
      expect(["deliverable", "catch_all_safe", "catch_all_not_safe"]).toContain(result.emailStatus);
    });
    const deliverable = found.filter((r) => r.emailStatus === "deliverable").length;
    expect(deliverable / found.length).toBeGreaterThan(0.7);
    for (const miss of results.filter((r) => r.email === null)) {
      expect(miss).toMatchObject({ enriched: false, emailStatus: "not_found" });
    }
  });

  it("is deterministic per seed and differs across seeds", async () => {
    const contacts = people(200, 3);
    const a = await enrich("one", contacts);
    expect(await enrich("one", contacts)).toEqual(a);
    const b = await enrich("two", contacts);
    expect(b.map((r) => r.email)).not.toEqual(a.map((r) => r.email));
  });

  it("is 'not_started', then 'processing' until its time is up, then done, by the clock", async () => {
    let at = Date.UTC(2025, 3, 1, 9);
    const client = createBetterContactSandbox({
      seed: "slow",
      processingMs: 60_000,
      now: () => at,
    });
    const { requestId } = await client.submit(people(5));
    expect(await client.poll(requestId)).toMatchObject({ done: false, status: "not_started" });
    at += 30_000;
    expect(await client.poll(requestId)).toMatchObject({
      done: false,
      status: "processing",
      results: [],
      creditsConsumed: 0,
    });
    at += 29_999;
    expect((await client.poll(requestId)).done).toBe(false);
    at += 1;
    const done = await client.poll(requestId);
    expect(done).toMatchObject({ done: true, status: "terminated" });
    expect(done.results).toHaveLength(5);
    expect(done.creditsConsumed).toBe(done.results.filter((r) => r.email).length);
    at += 3_600_000;
    expect(await client.poll(requestId)).toEqual(done);
  });

  it("does not know ids it never issued, and refuses what the live client refuses", async () => {
    const client = createBetterContactSandbox({ seed: "x" });
    const unknown = await failure(client.poll("not-an-id"));
    expect(unknown).toBeInstanceOf(NonRetriableError);
    expect(unknown.message).toBe(
      "BetterContact does not know request not-an-id (406) (Request not found)",
    );
    expect(await failure(client.submit(people(101)))).toBeInstanceOf(NonRetriableError);
    expect(await failure(client.submit([]))).toBeInstanceOf(NonRetriableError);
  });

  it("finds nobody without a company or domain to search", async () => {
    const client = createBetterContactSandbox({ seed: "x" });
    const { requestId } = await client.submit([
      { uuid: "u", firstName: "Ann", lastName: "Lee", linkedinUrl: "https://linkedin.com/in/ann" },
    ]);
    expect((await client.poll(requestId)).results[0]).toMatchObject({ email: null });
  });

  it("answers in the documented shape", () => {
    const contacts = people(3).map((c) => ({
      ...c,
      company: c.company ?? null,
      companyDomain: c.companyDomain ?? null,
      linkedinUrl: null,
    }));
    expect(ZBetterContactPollResponse.safeParse(sandboxJob("s", "id", contacts)).success).toBe(
      true,
    );
  });
});
