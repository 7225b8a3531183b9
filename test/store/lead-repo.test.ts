// The lead repository's layout: a lead in parts, a stage writing only the parts it names, leads
// stored whole by an earlier version still read (and kept whole when found again), identity
// claims made for a batch at once, with the first claimant keeping a contested key.
import type { Redis, Requester } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createLeadIndex } from "../../lib/store/lead-index.ts";
import { createLeadRepo } from "../../lib/store/lead-repo.ts";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";

const AT = "2026-11-24T15:00:00.000Z";

function lead(id: string, overrides: Partial<TLeadRecord> = {}): TLeadRecord {
  return {
    id,
    campaigns: ["default"],
    keys: { email: null, apolloId: `apollo-${id}`, linkedinUrl: null },
    search: null,
    profile: null,
    enrichment: null,
    verification: null,
    signals: [],
    score: null,
    status: "scraped",
    dropped: null,
    cardId: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A store that counts commands by name, and can run something just before a command. */
function countingStore(before?: (argv: string[], redis: Redis) => Promise<void>) {
  const inner = createMemoryRequester().requester;
  const names: string[] = [];
  const raw = storeClient(inner);
  const requester: Requester = {
    request: (async (req) => {
      const body = req.body as unknown[];
      const commands = (Array.isArray(body[0]) ? body : [body]) as string[][];
      for (const argv of commands) {
        names.push(String(argv[0]).toLowerCase());
        await before?.(argv, raw);
      }
      return inner.request(req);
    }) as Requester["request"],
  };
  return { redis: storeClient(requester), names };
}

describe("the lead repository", () => {
  it("reads a batch in one MGET and writes only the named parts in one MSET (and the status index)", async () => {
    const { redis, names } = countingStore();
    const repo = createLeadRepo(redis);
    await repo.saveMany([lead("a"), lead("b")]);
    names.length = 0;
    const [a, b] = (await repo.getMany(["a", "b"])) as TLeadRecord[];
    expect(names).toEqual(["mget"]);
    const score = {
      score: 70,
      tier: "tier_2" as const,
      factors: [],
      disqualifiers: [],
    };
    const scored = [a, b].map((l) => ({
      ...(l as TLeadRecord),
      score,
      status: "segmented" as const,
    }));
    names.length = 0;
    await repo.save(scored, ["score", "state"]);
    // One MSET; the status index (lead-index.ts) moves both leads with one read and one script.
    expect(names).toEqual(["mset", "mget", "evalsha"]);
    expect(await createLeadIndex(redis).statusOf(["a", "b"])).toEqual(["segmented", "segmented"]);
    // The core was not rewritten; the lead reads back whole.
    expect(await redis.exists(storeKey("lead", "a", "score"))).toBe(1);
    expect(await redis.exists(storeKey("lead", "a", "verification"))).toBe(0);
    expect((await repo.getMany(["a"]))[0]).toMatchObject({ status: "segmented", score });
  });

  it("reads a lead stored whole by an earlier version, and keeps it whole when found again", async () => {
    const { redis } = countingStore();
    const repo = createLeadRepo(redis);
    const old = lead("old", {
      status: "verified",
      keys: { email: "ada@example.com", apolloId: "apollo-old", linkedinUrl: null },
      verification: {
        email: "ada@example.com",
        status: "valid",
        subStatus: null,
        freeEmail: false,
        didYouMean: null,
        mxFound: true,
        checkedAt: AT,
      },
    });
    await redis.set(storeKey("lead", "old"), old);
    await redis.set(storeKey("lead-index", "apolloId", "apollo-old"), "old");
    expect((await repo.getMany(["old"]))[0]).toEqual(old);
    const [found] = await repo.upsertFromSearch(
      [
        {
          apolloId: "apollo-old",
          firstName: "Ada",
          lastNameObfuscated: "L***e",
          title: "CRO",
          organizationName: "Acme",
          hasEmail: true,
        },
      ],
      "second_campaign",
      [],
    );
    expect(found?.created).toBe(false);
    const [again] = await repo.getMany(["old"]);
    expect(again).toMatchObject({
      status: "verified",
      campaigns: ["default", "second_campaign"],
      verification: { status: "valid" },
    });
  });

  it("claims a batch's identities at once; within a batch and against others the first keeps a key", async () => {
    const { redis, names } = countingStore();
    const repo = createLeadRepo(redis);
    await redis.set(storeKey("lead-index", "email", "taken@example.com"), "someone-else");
    const batch = [
      lead("x", { keys: { email: "x@example.com", apolloId: "ax", linkedinUrl: null } }),
      lead("y", { keys: { email: "x@example.com", apolloId: "ay", linkedinUrl: null } }),
      lead("z", { keys: { email: "taken@example.com", apolloId: "az", linkedinUrl: null } }),
    ];
    names.length = 0;
    expect(await repo.claimIdentities(batch)).toEqual(["x", "x", "someone-else"]);
    expect(names).toEqual(["mget", "msetnx"]);
    expect(await redis.get(storeKey("lead-index", "email", "x@example.com"))).toBe("x");
    expect(await redis.get(storeKey("lead-index", "apolloId", "ay"))).toBe("y");
  });

  it("claims again what is still free when another writer took a key in between", async () => {
    const racer = storeKey("lead-index", "email", "race@example.com");
    const { redis } = countingStore(async (argv, raw) => {
      if (argv[0]?.toLowerCase() === "msetnx") await raw.set(racer, "racer", { nx: true });
    });
    const repo = createLeadRepo(redis);
    const batch = [
      lead("r", { keys: { email: "race@example.com", apolloId: "ar", linkedinUrl: null } }),
      lead("s", { keys: { email: "calm@example.com", apolloId: "as", linkedinUrl: null } }),
    ];
    expect(await repo.claimIdentities(batch)).toEqual(["racer", "s"]);
    expect(await redis.get(storeKey("lead-index", "apolloId", "ar"))).toBe("r");
  });
});
