// Pipeline runs and their scorecards: the run's request, and per stage and batch the outcome
// (PASS/FAIL, counts in and out, duration, errors). Recording a batch is idempotent (a hash field
// per stage and batch), so an Inngest retry of the recording step never double-counts.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { PIPELINE_STAGES, type TPipelineStage, ZPipelineStage } from "../leads/lead-record.ts";
import { storeKey } from "./keys.ts";
import { hashReply, listStored, parseStored, type TSkipped } from "./parse-stored.ts";

export const ZRunRecord = z.object({
  id: z.string(),
  campaign: z.string(),
  mode: z.enum(["sandbox", "production"]),
  limit: z.number().int(),
  requestedBy: z.string(),
  status: z.enum(["running", "completed", "failed", "cancelled"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Why a run failed or was cancelled, when it did not simply run to its end. */
  endReason: z.string().nullable().optional(),
  /** How many lead batches the scrape produced; null until the scrape has run. */
  expectedBatches: z.number().int().min(0).nullable(),
});
export type TRunRecord = z.infer<typeof ZRunRecord>;

export const ZBatchOutcome = z.object({
  status: z.enum(["PASS", "FAIL"]),
  countIn: z.number().int().min(0),
  countOut: z.number().int().min(0),
  ms: z.number().min(0),
  errors: z.array(z.string()),
  /** Why the leads the stage let go were let go: reason → count. */
  drops: z.record(z.string(), z.number().int().min(0)).default({}),
});
export type TBatchOutcome = z.infer<typeof ZBatchOutcome>;

export type TStageScore = {
  stage: TPipelineStage;
  status: "PASS" | "FAIL" | "PENDING";
  batches: number;
  countIn: number;
  countOut: number;
  ms: number;
  errors: string[];
  /** Why leads were let go at this stage: reason → count, most first. */
  drops: Record<string, number>;
};
export type TScorecard = TRunRecord & { stages: TStageScore[]; totalMs: number };

const runKey = (id: string) => storeKey("run", id);
const stagesKey = (id: string) => storeKey("run", id, "stages");
const settledKey = (id: string) => storeKey("run", id, "settled");
const flagsKey = (id: string) => storeKey("run", id, "flags");
/** Working keys of a run outlive it by at most this long (they are removed when it finishes). */
const WORKING_KEY_TTL_S = 7 * 24 * 3600;
const RUNS_INDEX = storeKey("runs");
/** A campaign's run claim: it lives exactly as long as its run (released when the run ends). */
const activeKey = (campaign: string) => storeKey("runs", "active", campaign);

/** Tells whether a run still has work that will end it (false: its process stopped for good). */
export type RunLiveness = (runId: string) => Promise<boolean>;

/** Raised when a campaign already has a run in progress (two would pay twice for enrichment). */
export class RunInProgressError extends Error {
  readonly runId: string;

  constructor(campaign: string, runId: string) {
    super(`campaign ${campaign} already has run ${runId} in progress; wait for it to finish`);
    this.name = "RunInProgressError";
    this.runId = runId;
  }
}

export function createRunRepo(redis: Redis, now: () => Date = () => new Date()) {
  async function create(
    run: Omit<TRunRecord, "status" | "startedAt" | "finishedAt" | "expectedBatches">,
    isLive?: RunLiveness,
    /** False for runs that may overlap their campaign's others (website visitors, batch by batch). */
    exclusive = true,
  ) {
    const record: TRunRecord = {
      ...run,
      status: "running",
      startedAt: now().toISOString(),
      finishedAt: null,
      expectedBatches: null,
    };
    const claimed = exclusive
      ? await redis.set(activeKey(run.campaign), run.id, { nx: true })
      : "OK";
    if (claimed !== "OK") {
      const { active } = await endInterrupted(run.campaign, isLive);
      if (active) throw new RunInProgressError(run.campaign, active.id);
      // The claim outlived its run: take it over.
      await redis.set(activeKey(run.campaign), run.id);
    }
    const pipe = redis.pipeline();
    pipe.set(runKey(run.id), record, { nx: true });
    pipe.zadd(RUNS_INDEX, { score: Date.parse(record.startedAt), member: run.id });
    const [created] = await pipe.exec<[string | null, number]>();
    if (created !== "OK") throw new Error(`run ${run.id} already exists`);
    return record;
  }

  /**
   * The campaign's run in progress (`active`), if any. One that nothing will ever end (`isLive`
   * says so, and it is at least `minAgeMs` old) is failed with the reason instead (`ended`).
   */
  async function endInterrupted(
    campaign: string,
    isLive?: RunLiveness,
    minAgeMs = 0,
  ): Promise<{ active: TRunRecord | null; ended: string | null }> {
    const holder = await redis.get<string>(activeKey(campaign));
    const active = holder ? await get(holder) : null;
    if (active?.status !== "running") return { active: null, ended: null };
    const young = now().getTime() - Date.parse(active.startedAt) < minAgeMs;
    if (!isLive || young || (await isLive(active.id))) return { active, ended: null };
    // Nothing will ever end it (the process driving it stopped): fail it with the reason.
    await markFailed(active.id, "interrupted: no stage of the run is pending any more");
    return { active: null, ended: active.id };
  }

  /**
   * Stores a finished run, removes its working keys (settled batches, failure flag: the scorecard
   * keeps the outcome) and releases its campaign for the next run.
   */
  async function finish(run: TRunRecord): Promise<void> {
    await redis
      .pipeline()
      .set(runKey(run.id), run)
      .del(settledKey(run.id), flagsKey(run.id))
      .exec();
    if ((await redis.get(activeKey(run.campaign))) === run.id)
      await redis.del(activeKey(run.campaign));
  }

  async function get(id: string): Promise<TRunRecord | null> {
    return parseStored(ZRunRecord, runKey(id), await redis.get(runKey(id)));
  }

  /** Records the number of batches the scrape produced; a run with none is complete at once. */
  async function setExpectedBatches(id: string, count: number): Promise<void> {
    const run = await get(id);
    if (!run) throw new Error(`run ${id} does not exist`);
    const updated: TRunRecord = { ...run, expectedBatches: count };
    if (count > 0) await redis.set(runKey(id), updated);
    else await finish({ ...updated, status: "completed", finishedAt: now().toISOString() });
  }

  /** Ends a run as failed (its scrape failed, or it was interrupted for good), with the reason. */
  async function markFailed(id: string, reason?: string): Promise<void> {
    const run = await get(id);
    if (run?.status !== "running") return;
    await finish({
      ...run,
      status: "failed",
      finishedAt: now().toISOString(),
      ...(reason !== undefined && { endReason: reason }),
    });
  }

  /** Cancels a running run and frees its campaign; returns the run as it ends up (null: unknown). */
  async function cancel(id: string, reason: string): Promise<TRunRecord | null> {
    const run = await get(id);
    if (run?.status !== "running") return run;
    const cancelled: TRunRecord = {
      ...run,
      status: "cancelled",
      finishedAt: now().toISOString(),
      endReason: reason,
    };
    await finish(cancelled);
    return cancelled;
  }

  /** Records one stage's outcome for one batch (idempotent), in one round trip. */
  async function recordStage(
    id: string,
    stage: TPipelineStage,
    batch: number,
    outcome: TBatchOutcome,
  ) {
    await redis.hset(stagesKey(id), { [`${stage}:${batch}`]: outcome });
  }

  /**
   * Marks a batch as finished (its last stage ran, or a stage failed on it); when every batch is
   * settled the run is completed, or failed if any stage failed.
   */
  async function settleBatch(
    id: string,
    batch: number,
    failed: boolean,
  ): Promise<TRunRecord | null> {
    const tx = redis.multi();
    tx.sadd(settledKey(id), batch);
    // A batch straggling in after its run finished must not leave working keys behind for good.
    tx.expire(settledKey(id), WORKING_KEY_TTL_S);
    tx.scard(settledKey(id));
    tx.get(runKey(id));
    if (failed) {
      tx.hset(flagsKey(id), { failed: 1 });
      tx.expire(flagsKey(id), WORKING_KEY_TTL_S);
    }
    tx.hget(flagsKey(id), "failed");
    const [, , settled, rawRun, ...rest] = await tx.exec<unknown[]>();
    const run = parseStored(ZRunRecord, runKey(id), rawRun);
    if (!run || run.expectedBatches === null || Number(settled) < run.expectedBatches) return run;
    if (run.status !== "running") return run;
    const anyFailure = rest.at(-1) !== null && rest.at(-1) !== undefined;
    const finished: TRunRecord = {
      ...run,
      status: anyFailure ? "failed" : "completed",
      finishedAt: now().toISOString(),
    };
    await finish(finished);
    return finished;
  }

  /** The run with its per-stage scorecard, aggregated over batches. */
  async function scorecard(id: string): Promise<TScorecard | null> {
    const [rawRun, rawStages] = await redis
      .pipeline()
      .get(runKey(id))
      .hgetall(stagesKey(id))
      .exec<[unknown, unknown]>();
    const run = parseStored(ZRunRecord, runKey(id), rawRun);
    if (!run) return null;
    const byStage = new Map<TPipelineStage, TBatchOutcome[]>();
    for (const [field, value] of Object.entries(hashReply(rawStages))) {
      const stage = ZPipelineStage.parse(field.split(":")[0]);
      const outcome = parseStored(ZBatchOutcome, `${stagesKey(id)} ${field}`, value);
      if (outcome) byStage.set(stage, [...(byStage.get(stage) ?? []), outcome]);
    }
    const stages = PIPELINE_STAGES.map((stage): TStageScore => {
      const outcomes = byStage.get(stage) ?? [];
      const expected = stage === "scrape" ? 1 : (run.expectedBatches ?? Number.POSITIVE_INFINITY);
      const failed = outcomes.some((o) => o.status === "FAIL");
      return {
        stage,
        status: failed ? "FAIL" : outcomes.length >= expected ? "PASS" : "PENDING",
        batches: outcomes.length,
        countIn: outcomes.reduce((s, o) => s + o.countIn, 0),
        countOut: outcomes.reduce((s, o) => s + o.countOut, 0),
        ms: Math.round(outcomes.reduce((s, o) => s + o.ms, 0)),
        errors: outcomes.flatMap((o) => o.errors),
        drops: sumDrops(outcomes.map((o) => o.drops)),
      };
    });
    const end = run.finishedAt ? Date.parse(run.finishedAt) : now().getTime();
    return { ...run, stages, totalMs: Math.max(0, end - Date.parse(run.startedAt)) };
  }

  /** Most recent runs first. */
  async function recentIds(limit = 20): Promise<string[]> {
    return redis.zrange<string[]>(RUNS_INDEX, 0, limit - 1, { rev: true });
  }

  /** Runs started between two instants (ms), oldest first, at most `limit`. */
  async function idsBetween(fromMs: number, toMs: number, limit = 500): Promise<string[]> {
    return redis.zrange<string[]>(RUNS_INDEX, fromMs, toMs, {
      byScore: true,
      offset: 0,
      count: limit,
    });
  }

  /** The most recent runs for a listing, newest first; damaged records skipped and reported. */
  async function listRecent(limit = 20): Promise<{ items: TRunRecord[]; skipped: TSkipped[] }> {
    return listMany(await recentIds(limit));
  }

  /** Runs by id for a listing: missing ones left out, damaged ones skipped and reported. */
  async function listMany(
    ids: readonly string[],
  ): Promise<{ items: TRunRecord[]; skipped: TSkipped[] }> {
    const { values, skipped } = await listStored(redis, ZRunRecord, ids, runKey);
    return { items: values.filter((run): run is TRunRecord => run !== null), skipped };
  }

  return {
    create,
    get,
    setExpectedBatches,
    markFailed,
    endInterrupted,
    cancel,
    recordStage,
    settleBatch,
    scorecard,
    recentIds,
    idsBetween,
    listRecent,
    listMany,
  };
}

export type RunRepo = ReturnType<typeof createRunRepo>;

/** Drop counts of several batches added up, most frequent reason first. */
function sumDrops(all: readonly Record<string, number>[]): Record<string, number> {
  const sum = new Map<string, number>();
  for (const drops of all) {
    for (const [reason, n] of Object.entries(drops)) sum.set(reason, (sum.get(reason) ?? 0) + n);
  }
  return Object.fromEntries([...sum].sort((a, b) => b[1] - a[1]));
}
