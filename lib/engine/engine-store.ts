// The engine's durable state in the store, on any transport: run heads (one JSON value each), step
// results (one hash field per step, written once), the set of unfinished runs, retained finished
// runs by end time, the intake queue of events from any process, dedupe claims and cron marks.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { storeKey } from "../store/keys.ts";
import { hashReply } from "../store/parse-stored.ts";
import {
  type RunRecord,
  type TRunHead,
  type TStepRecord,
  ZEngineEvent,
  ZRunHead,
  ZStepRecord,
} from "./run-record.ts";
import type { EngineEvent } from "./types.ts";

/** The key root of the engine the app's server drives; the sandbox CLI's engine has its own. */
export const ENGINE_NAMESPACE = "engine";

const keysOf = (root: string) => ({
  head: (id: string) => storeKey(root, "run", id),
  steps: (id: string) => storeKey(root, "run", id, "steps"),
  active: storeKey(root, "active"),
  finished: storeKey(root, "finished"),
  queue: storeKey(root, "events"),
  claim: (kind: string, scope: string, id: string) => storeKey(root, kind, scope, id),
  cron: (fn: string, expression: string) => storeKey(root, "cron", fn, expression),
  batch: (fn: string) => storeKey(root, "batch", fn),
  batchEvents: (fn: string) => storeKey(root, "batch", fn, "events"),
  batchId: (fn: string) => storeKey(root, "batch", fn, "id"),
  batchFlushing: (fn: string) => storeKey(root, "batch", fn, "flushing"),
  batchSince: (fn: string) => storeKey(root, "batch", fn, "since"),
  lease: storeKey(root, "lease"),
});

const ZFlushing = z.object({ runId: z.string(), events: z.array(ZEngineEvent).min(1) });

/**
 * The writes a transaction of the caller's must offer to take a batch append (a MULTI of the
 * store client's, or the app's compare-and-write).
 */
export type TBatchWrites = {
  hsetnx(key: string, field: string, value: string): unknown;
  rpush(key: string, ...values: string[]): unknown;
  set(key: string, value: string | number, options: { nx: true }): unknown;
};

/** A stored record that could not be read back; reported, never fatal. */
export type DamagedRun = { id: string; reason: string };

const parseJson = (value: unknown): unknown =>
  typeof value === "string" ? JSON.parse(value) : value;

/** Store access for one engine. All writes of one transition go in one MULTI. */
export class EngineStore {
  readonly redis: Redis;
  readonly #key: ReturnType<typeof keysOf>;

  /** `namespace`: the key root of this engine's state (one engine per namespace and store). */
  constructor(redis: Redis, namespace = ENGINE_NAMESPACE) {
    this.redis = redis;
    this.#key = keysOf(namespace);
  }

  /** The key of this engine's lease. */
  get leaseKey(): string {
    return this.#key.lease;
  }

  /** Whether this engine has work left: an unfinished run or an event not yet taken in. */
  async hasWork(): Promise<boolean> {
    const [active, queued] = await this.redis
      .pipeline()
      .scard(this.#key.active)
      .llen(this.#key.queue)
      .exec<[number, number]>();
    return active > 0 || queued > 0;
  }

  /**
   * Creates a run unless one with its id exists (false then), listing it as active in the same
   * transaction, so no crash can leave a run stored but never driven.
   */
  async createRun(run: RunRecord): Promise<boolean> {
    const head = JSON.stringify(headOnly(run));
    const [created] = await this.redis
      .multi()
      .set(this.#key.head(run.id), head, { nx: true })
      .sadd(this.#key.active, run.id)
      .exec<["OK" | null, number]>();
    return created === "OK";
  }

  /**
   * Writes a run's head, its newly memoised steps and any events it emits on finishing, in one
   * transaction; a finished run moves from the active set to the finished index.
   */
  async saveRun(
    run: RunRecord,
    newSteps: readonly TStepRecord[],
    events: readonly EngineEvent[] = [],
  ): Promise<void> {
    const tx = this.redis.multi();
    tx.set(this.#key.head(run.id), JSON.stringify(headOnly(run)));
    if (newSteps.length > 0) {
      const fields: Record<string, string> = {};
      for (const step of newSteps) fields[step.id] = JSON.stringify(step);
      tx.hset(this.#key.steps(run.id), fields);
    }
    if (run.endedAt !== undefined) {
      tx.srem(this.#key.active, run.id);
      tx.zadd(this.#key.finished, { score: run.endedAt, member: run.id });
    }
    if (events.length > 0)
      tx.rpush(this.#key.queue, ...events.map((event) => JSON.stringify(event)));
    await tx.exec();
  }

  /** Every unfinished run, with its steps; records that fail to parse are returned as damaged. */
  async loadActive(): Promise<{ runs: RunRecord[]; damaged: DamagedRun[] }> {
    const ids = await this.redis.smembers(this.#key.active);
    const runs: RunRecord[] = [];
    const damaged: DamagedRun[] = [];
    for (const id of ids) {
      try {
        const run = await this.loadRun(id);
        if (!run) damaged.push({ id, reason: "listed as active but not stored" });
        else if (run.endedAt !== undefined) await this.redis.srem(this.#key.active, id);
        else runs.push(run);
      } catch (error) {
        damaged.push({ id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { runs, damaged };
  }

  /** One run with its steps, or undefined when it is not stored. Throws when it does not parse. */
  async loadRun(id: string): Promise<RunRecord | undefined> {
    const [rawHead, rawSteps] = await Promise.all([
      this.redis.get<unknown>(this.#key.head(id)),
      this.redis.hgetall(this.#key.steps(id)),
    ]);
    if (rawHead === null || rawHead === undefined) return undefined;
    const head = ZRunHead.parse(parseJson(rawHead)) as TRunHead;
    const steps = new Map<string, TStepRecord>();
    for (const value of Object.values(hashReply(rawSteps))) {
      const step = ZStepRecord.parse(parseJson(value)) as TStepRecord;
      steps.set(step.id, step);
    }
    return { ...head, steps };
  }

  /** Heads of the most recently finished runs, newest last, up to `limit`. */
  async recentFinished(limit: number): Promise<RunRecord[]> {
    if (limit <= 0) return [];
    const ids = await this.redis.zrange<string[]>(this.#key.finished, -limit, -1);
    const runs: RunRecord[] = [];
    for (let start = 0; start < ids.length; start += 200) {
      const chunk = ids.slice(start, start + 200);
      const heads = await this.redis.mget<unknown[]>(...chunk.map((id) => this.#key.head(id)));
      for (const raw of heads) {
        const parsed = ZRunHead.safeParse(parseJson(raw));
        if (parsed.success) runs.push({ ...(parsed.data as TRunHead), steps: new Map() });
      }
    }
    return runs;
  }

  /** Removes finished runs beyond the newest `keep` and those that ended before `before`. */
  async pruneFinished(keep: number, before: number): Promise<string[]> {
    const total = await this.redis.zcard(this.#key.finished);
    const byCount =
      total > keep
        ? await this.redis.zrange<string[]>(this.#key.finished, 0, total - keep - 1)
        : [];
    const byAge = await this.redis.zrange<string[]>(this.#key.finished, "-inf", `(${before}`, {
      byScore: true,
    });
    const ids = [...new Set([...byCount, ...byAge])];
    if (ids.length === 0) return [];
    const tx = this.redis.multi();
    for (const id of ids) tx.del(this.#key.head(id), this.#key.steps(id));
    tx.zrem(this.#key.finished, ...ids);
    await tx.exec();
    return ids;
  }

  /** Appends events to the intake queue, read by whichever process drives the engine. */
  async enqueue(events: readonly EngineEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.redis.rpush(this.#key.queue, ...events.map((event) => JSON.stringify(event)));
  }

  /**
   * Up to `count` events at the head of the intake queue, with their stored values (an entry that
   * does not parse comes as null, to be dropped).
   */
  async peek(count: number): Promise<{ events: (EngineEvent | null)[]; raw: unknown[] }> {
    const raw = await this.redis.lrange<unknown>(this.#key.queue, 0, count - 1);
    const events = raw.map((value) => {
      try {
        const parsed = ZEngineEvent.safeParse(parseJson(value));
        return parsed.success ? (parsed.data as EngineEvent) : null;
      } catch {
        return null;
      }
    });
    return { events, raw };
  }

  /**
   * Drops handled events from the intake queue by value (each carries a unique id), so a second
   * process draining at the same moment can never make another's unhandled events vanish.
   */
  async ack(raw: readonly unknown[]): Promise<void> {
    if (raw.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const value of raw) {
      pipeline.lrem(this.#key.queue, 1, typeof value === "string" ? value : JSON.stringify(value));
    }
    await pipeline.exec();
  }

  /**
   * Claims `id` in `scope` for `owner` (a run id) over `windowMs` of engine time: false if another
   * owner claimed it less than `windowMs` before `now`. Claiming again for the same owner succeeds,
   * so an event handled twice after a crash starts its run once. Expiry is only the clean-up.
   */
  async claim(
    kind: string,
    scope: string,
    id: string,
    now: number,
    windowMs: number,
    owner: string,
  ) {
    const claimKey = this.#key.claim(kind, scope, id);
    const value = `${now}|${owner}`;
    if ((await this.redis.set(claimKey, value, { nx: true, px: windowMs })) === "OK") return true;
    const [at, holder] = String(await this.redis.get<unknown>(claimKey)).split("|");
    if (holder === owner) return true;
    if (Number.isFinite(Number(at)) && now - Number(at) < windowMs) return false;
    await this.redis.set(claimKey, value, { px: windowMs });
    return true;
  }

  /**
   * Start times (ms) of a function's runs for one flow-control key within the last `periodMs`
   * before `now`, including starts already scheduled later; older ones are dropped.
   */
  async starts(kind: string, fn: string, flowKey: string, now: number, periodMs: number) {
    const zkey = this.#key.claim(kind, fn, flowKey);
    await this.redis.zremrangebyscore(zkey, "-inf", `(${now - periodMs}`);
    const entries = await this.redis.zrange<(string | number)[]>(zkey, 0, -1, { withScores: true });
    const times: number[] = [];
    for (let index = 1; index < entries.length; index += 2) times.push(Number(entries[index]));
    return times;
  }

  /** Records a run start at `at` for a flow-control key; the record expires after the window. */
  async addStart(
    kind: string,
    fn: string,
    flowKey: string,
    runId: string,
    at: number,
    now: number,
    periodMs: number,
  ) {
    const zkey = this.#key.claim(kind, fn, flowKey);
    await this.redis
      .multi()
      .zadd(zkey, { score: at, member: runId })
      .pexpire(zkey, Math.max(0, at - now) + periodMs)
      .exec();
  }

  /**
   * Adds events to a function's open batch, all at once (their order in a list, as the store
   * received them; each event by id in a hash, written once); opens the batch (id, start time)
   * if none is open. Returns how many entries the batch holds and when it opened (epoch ms).
   */
  async appendToBatch(fn: string, events: readonly EngineEvent[], now: number, newBatchId: string) {
    const multi = this.redis.multi();
    this.batchAppendWrites(multi, fn, events, now, newBatchId);
    const replies = await multi.get(this.#key.batchSince(fn)).exec<unknown[]>();
    const at = events.length;
    return { size: Number(replies[at]), since: Number(replies[at + 3]) };
  }

  /**
   * appendToBatch's writes, added to a transaction of the caller's (`tx`), which runs them
   * atomically with its own: the events' entries, then the list, then the batch's id and start
   * time if it has none.
   */
  batchAppendWrites(
    tx: TBatchWrites,
    fn: string,
    events: readonly EngineEvent[],
    now: number,
    newBatchId: string,
  ): void {
    for (const event of events) {
      tx.hsetnx(this.#key.batchEvents(fn), event.id, JSON.stringify(event));
    }
    tx.rpush(this.#key.batch(fn), ...events.map((event) => event.id));
    tx.set(this.#key.batchId(fn), newBatchId, { nx: true });
    tx.set(this.#key.batchSince(fn), now, { nx: true });
  }

  /**
   * The head of a function's open batch: its id (opened now as `newBatchId` if it had none), the
   * number of list entries taken (at most `count`), and their events in order, each once
   * (entries whose event is gone or does not read are taken and dropped).
   */
  async batchHead(fn: string, count: number, newBatchId: string) {
    const [, batchId, ids] = await this.redis
      .multi()
      .set(this.#key.batchId(fn), newBatchId, { nx: true })
      .get(this.#key.batchId(fn))
      .lrange(this.#key.batch(fn), 0, count - 1)
      .exec<[unknown, unknown, unknown[]]>();
    const unique = [...new Set(ids.map(String))];
    const events: EngineEvent[] = [];
    if (unique.length > 0) {
      const raw = await this.redis.hmget<Record<string, unknown>>(
        this.#key.batchEvents(fn),
        ...unique,
      );
      const values = Array.isArray(raw) ? raw : unique.map((id) => raw?.[id] ?? null);
      for (const value of values as unknown[]) {
        try {
          const parsed = ZEngineEvent.safeParse(parseJson(value));
          if (parsed.success) events.push(parsed.data as EngineEvent);
        } catch {
          // An entry that does not read is dropped with the others taken.
        }
      }
    }
    return { batchId: String(batchId), taken: ids.length, ids: unique, events };
  }

  /**
   * Moves the head of a batch into its run's intent record in one transaction: the events the
   * run takes are recorded under `flushing`, the `taken` list entries leave the batch, and the
   * batch closes (the entries left, if any, open the next one from `now`). Returns how many
   * entries are left.
   */
  async beginFlush(
    fn: string,
    flushing: { runId: string; events: readonly EngineEvent[] } | null,
    taken: number,
    ids: readonly string[],
    now: number,
  ): Promise<number> {
    const tx = this.redis.multi();
    if (flushing) tx.set(this.#key.batchFlushing(fn), JSON.stringify(flushing));
    tx.ltrim(this.#key.batch(fn), taken, -1);
    if (ids.length > 0) tx.hdel(this.#key.batchEvents(fn), ...ids);
    tx.del(this.#key.batchId(fn), this.#key.batchSince(fn));
    tx.llen(this.#key.batch(fn));
    const replies = await tx.exec<unknown[]>();
    const left = Number(replies.at(-1));
    if (left > 0) await this.redis.set(this.#key.batchSince(fn), now, { nx: true });
    return left;
  }

  /** A batch's run that was recorded but maybe not started (a crash in between), if any. */
  async flushingBatch(fn: string): Promise<{ runId: string; events: EngineEvent[] } | null> {
    const raw = await this.redis.get(this.#key.batchFlushing(fn));
    if (raw === null || raw === undefined) return null;
    const parsed = ZFlushing.safeParse(parseJson(raw));
    return parsed.success ? (parsed.data as { runId: string; events: EngineEvent[] }) : null;
  }

  /** Clears a batch's intent record once its run is stored. */
  async endFlush(fn: string): Promise<void> {
    await this.redis.del(this.#key.batchFlushing(fn));
  }

  /** How many entries a function's open batch holds and when it opened (NaN if none). */
  async batchState(fn: string): Promise<{ size: number; since: number }> {
    const [size, since] = await this.redis
      .pipeline()
      .llen(this.#key.batch(fn))
      .get(this.#key.batchSince(fn))
      .exec<[number, unknown]>();
    return { size, since: since === null ? Number.NaN : Number(since) };
  }

  /**
   * Claims many ids at once for `owner` (see {@link claim}): the ids this owner holds afterwards,
   * in one pipeline, plus one read for those another owner may hold.
   */
  async claimMany(
    kind: string,
    scope: string,
    ids: readonly string[],
    now: number,
    windowMs: number,
    owner: string,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const value = `${now}|${owner}`;
    const pipeline = this.redis.pipeline();
    for (const id of ids)
      pipeline.set(this.#key.claim(kind, scope, id), value, { nx: true, px: windowMs });
    const created = await pipeline.exec<("OK" | null)[]>();
    const held = new Set(ids.filter((_, i) => created[i] === "OK"));
    for (const id of ids) {
      if (!held.has(id) && (await this.claim(kind, scope, id, now, windowMs, owner))) held.add(id);
    }
    return held;
  }

  /** The last tick fired for a cron schedule of a function, if any. */
  async cronMark(fn: string, expression: string): Promise<number | undefined> {
    const value = await this.redis.get<unknown>(this.#key.cron(fn, expression));
    const at = Number(value);
    return value === null || !Number.isFinite(at) ? undefined : at;
  }

  async setCronMark(fn: string, expression: string, at: number): Promise<void> {
    await this.redis.set(this.#key.cron(fn, expression), at);
  }
}

const headOnly = (run: RunRecord): TRunHead => {
  const { steps: _steps, ...head } = run;
  return head;
};
