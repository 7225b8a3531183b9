// `node test/bench/embedded-store.ts`: write throughput of the embedded store on sqlite at 500,
// 5,000 and 50,000 leads (per lead: SET of a ~2 KB JSON, HSET of 3 fields, ZADD into a shared
// index; each its own request, so its own transaction), the cost per lead at that size (last 500
// leads), the database size, and the time to reopen it. BENCH_SYNC=full for synchronous=FULL.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "@upstash/redis";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";
import { storeClient } from "../../lib/store/store-client.ts";

const SIZES = [500, 5_000, 50_000];
const WINDOW = 500;
const synchronous = process.env.BENCH_SYNC === "full" ? "full" : "normal";
const notes = "lorem ipsum ".repeat(160);

async function writeLead(redis: Redis, i: number): Promise<void> {
  await redis.set(`lead:${i}`, { id: i, email: `lead${i}@example.com`, notes });
  await redis.hset(`lead:${i}:status`, { stage: "enriched", score: i % 100, owner: "swarm" });
  await redis.zadd("leads:by-score", { score: i % 1_000, member: `lead:${i}` });
}

async function run(leads: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), "as-bench-"));
  try {
    const memory = createMemoryRequester({ dataDir, synchronous });
    const redis = storeClient(memory.requester);
    const started = performance.now();
    let windowStart = started;
    for (let i = 0; i < leads; i++) {
      if (i === leads - WINDOW) windowStart = performance.now();
      await writeLead(redis, i);
    }
    const ended = performance.now();
    await memory.close();
    const bytes = statSync(join(dataDir, "store.db")).size;
    const reopenStart = performance.now();
    const reopened = createMemoryRequester({ dataDir, synchronous });
    const reopenMs = performance.now() - reopenStart;
    const count = await storeClient(reopened.requester).zcard("leads:by-score");
    await reopened.close();
    if (count !== leads) throw new Error(`reopened with ${count} leads, expected ${leads}`);
    const perLeadUs = ((ended - windowStart) * 1_000) / WINDOW;
    const writesPerSecond = (leads * 3 * 1_000) / (ended - started);
    return [
      String(leads).padStart(7),
      writesPerSecond.toFixed(0).padStart(9),
      perLeadUs.toFixed(0).padStart(18),
      (bytes / 1024 / 1024).toFixed(1).padStart(9),
      reopenMs.toFixed(0).padStart(10),
    ].join("  ");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run(2_000);
console.log(`embedded store on sqlite, synchronous=${synchronous} (after a 2,000-lead warm-up)`);
console.log("  leads  writes/s  µs/lead (last 500)    db MB  reopen ms");
for (const leads of SIZES) console.log(await run(leads));
