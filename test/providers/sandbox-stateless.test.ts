// The sandboxes keep no state: a BetterContact request submitted in one sandbox is polled, with the
// same answer, from a separately created one, from a freshly loaded copy of the modules (as another
// process or a restart would), and at any later time; Apollo and ZeroBounce answer identically
// from fresh modules. Unknown, garbled or foreign ids answer 406 like the real API.
import { NonRetriableError } from "inngest";
import { describe, expect, it, vi } from "vitest";
import type { BetterContactClient } from "../../lib/providers/bettercontact.ts";
import type { BetterContactInput } from "../../lib/providers/bettercontact-input.ts";
import { createBetterContactSandbox } from "../../lib/providers/bettercontact-sandbox.ts";
import { FIRST_NAMES, LAST_NAMES } from "../../lib/providers/sandbox/pools/names.ts";
import { failure } from "./support.ts";

const T0 = Date.UTC(2025, 4, 12, 14, 0);

const contacts = (n: number): BetterContactInput[] =>
  Array.from({ length: n }, (_, i) => ({
    uuid: `0f8e${String(i).padStart(4, "0")}-7c2d-4b1a-9e3f-5a6b7c8d9e0f`,
    firstName: FIRST_NAMES[(i * 3) % FIRST_NAMES.length] ?? "Dana",
    lastName: LAST_NAMES[(i * 11) % LAST_NAMES.length] ?? "Lee",
    company: `Northwind ${i % 9} Analytics`,
    companyDomain: i % 5 === 0 ? null : `northwind${i % 9}.com`,
    linkedinUrl: i % 2 === 0 ? `https://www.linkedin.com/in/person-${i}-4b1a2c` : null,
  }));

/** A BetterContact sandbox from a fresh copy of the modules: nothing shared with earlier ones. */
async function freshBetterContact(seed: string, now: () => number): Promise<BetterContactClient> {
  vi.resetModules();
  const module = await import("../../lib/providers/bettercontact-sandbox.ts");
  expect(module.createBetterContactSandbox).not.toBe(createBetterContactSandbox);
  return module.createBetterContactSandbox({ seed, now });
}

/** Submits in a sandbox that is then dropped; returns the request id and the answer it gave. */
async function submitAndDiscard(seed: string, input: BetterContactInput[]) {
  const submitter = createBetterContactSandbox({ seed, now: () => T0 });
  const { requestId } = await submitter.submit(input);
  return { requestId, answer: await submitter.poll(requestId) };
}

describe("BetterContact sandbox without state", () => {
  it("answers a poll from a separately created sandbox of the same seed, identically", async () => {
    const { requestId, answer } = await submitAndDiscard("multi", contacts(100));
    expect(answer.done).toBe(true);
    expect(answer.results).toHaveLength(100);
    const poller = createBetterContactSandbox({ seed: "multi", now: () => T0 + 10_000 });
    expect(await poller.poll(requestId)).toEqual(answer);
  });

  it("answers after the submitting modules are gone (another process, a restart)", async () => {
    const { requestId, answer } = await submitAndDiscard("restart", contacts(37));
    const later = await freshBetterContact("restart", () => T0 + 7 * 86_400_000);
    expect(await later.poll(requestId)).toEqual(answer);
    expect(answer.results.map((r) => r.uuid)).toEqual(contacts(37).map((c) => c.uuid));
  });

  it("times 'processing' from the submit time in the id, whichever process polls", async () => {
    let at = T0;
    const submitter = createBetterContactSandbox({
      seed: "timing",
      processingMs: 90_000,
      now: () => at,
    });
    const { requestId } = await submitter.submit(contacts(4));
    at = T0 + 45_000;
    // The poller's own setting does not matter: the request keeps the time it was given.
    const poller = await freshBetterContact("timing", () => at);
    expect(await poller.poll(requestId)).toMatchObject({ done: false, status: "processing" });
    at = T0 + 90_000;
    const done = await poller.poll(requestId);
    expect(done.done).toBe(true);
    expect(await submitter.poll(requestId)).toEqual(done);
  });

  it("does not know an id that is unknown, garbled, cut short or from another seed (406)", async () => {
    const { requestId } = await submitAndDiscard("ids", contacts(3));
    const client = createBetterContactSandbox({ seed: "ids" });
    const [version, payload = "", tag = ""] = requestId.split(".");
    const flip = (text: string, i: number) =>
      `${text.slice(0, i)}${text[i] === "A" ? "B" : "A"}${text.slice(i + 1)}`;
    const bad = [
      "8a3c2f1e-6b4d-4e5f-9a7b-1c2d3e4f5a6b",
      `${version}.${flip(payload, 10)}.${tag}`,
      `${version}.${payload}.${flip(tag, 3)}`,
      `bcs9.${payload}.${tag}`,
      requestId.slice(0, -1),
      `${requestId}.x`,
      `${version}.${payload.slice(0, 20)}.${tag}`,
    ];
    for (const id of bad) {
      const error = await failure(client.poll(id));
      expect(error).toBeInstanceOf(NonRetriableError);
      expect(error.message).toMatch(/^BetterContact does not know request .+ \(406\)/);
    }
    const foreign = await failure(createBetterContactSandbox({ seed: "other" }).poll(requestId));
    expect(foreign.message).toContain("(406)");
    expect(foreign.message.length).toBeLessThan(120);
    expect(await failure(client.poll("  "))).toBeInstanceOf(NonRetriableError);
  });

  it("accepts the id with surrounding blanks, as the live client does", async () => {
    const { requestId, answer } = await submitAndDiscard("blanks", contacts(2));
    const client = createBetterContactSandbox({ seed: "blanks" });
    expect(await client.poll(` ${requestId}\n`)).toEqual(answer);
  });
});

describe("Apollo and ZeroBounce sandboxes without state", () => {
  const QUERY = {
    person_titles: ["VP Sales"],
    include_similar_titles: true,
    person_seniorities: [],
    organization_num_employees_ranges: ["51,200"],
    organization_locations: ["United States"],
    page: 2,
    per_page: 25,
  };

  it("gives the same search page and matches from fresh modules", async () => {
    const { createApolloSandbox } = await import("../../lib/providers/apollo-sandbox.ts");
    const first = createApolloSandbox({ seed: "procs" });
    const page = await first.searchPeople(QUERY);
    const ids = page.people.slice(0, 10).map((p) => ({ id: p.apolloId }));
    const matched = await first.bulkMatch(ids);
    vi.resetModules();
    const fresh = await import("../../lib/providers/apollo-sandbox.ts");
    expect(fresh.createApolloSandbox).not.toBe(createApolloSandbox);
    const other = fresh.createApolloSandbox({ seed: "procs" });
    expect(await other.bulkMatch(ids)).toEqual(matched);
    expect(await other.searchPeople(QUERY)).toEqual(page);
  });

  it("gives the same verdicts from fresh modules", async () => {
    const emails = ["ann.lee@northwind4.com", "sales@northwind4.com", "bob@gmial.com"];
    const { createZeroBounceSandbox } = await import("../../lib/providers/zerobounce-sandbox.ts");
    const before = await createZeroBounceSandbox({ seed: "zb", now: () => T0 }).validateBatch(
      emails,
    );
    vi.resetModules();
    const fresh = await import("../../lib/providers/zerobounce-sandbox.ts");
    const after = await fresh.createZeroBounceSandbox({ seed: "zb", now: () => T0 });
    expect(await after.validateBatch(emails)).toEqual(before);
  });
});
