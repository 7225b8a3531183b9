// The engine lease: exactly one process drives the embedded engine for a store. The holder renews
// it on a heartbeat; when the holder dies the lease expires and another process takes it over.
import { randomBytes } from "node:crypto";
import type { Redis } from "@upstash/redis";
import { RENEW_LEASE_LUA } from "../store/scripts/renew-lease.ts";
import { runScript } from "../store/scripts/run-script.ts";

/** Options of {@link Lease}. */
export type LeaseOptions = {
  /** How long the lease lasts without a renewal (default 15 s). */
  ttlMs?: number;
  /**
   * The store is open in this process only (the embedded store locks its directory), so a lease
   * left by a process that died is taken at once instead of after its TTL.
   */
  exclusive?: boolean;
  /** The lease's key (the engine store's `leaseKey`: one lease per engine namespace). */
  key: string;
};

/** One process's claim on driving the engine. */
export class Lease {
  readonly token = `${process.pid}-${randomBytes(8).toString("hex")}`;
  readonly ttlMs: number;
  #redis: Redis;
  #held = false;
  #exclusive: boolean;
  #key: string;

  constructor(redis: Redis, options: LeaseOptions) {
    this.#redis = redis;
    this.#key = options.key;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.#exclusive = options.exclusive ?? false;
  }

  get held(): boolean {
    return this.#held;
  }

  /**
   * Takes the lease if it is free, or renews it if this process holds it. Resolves with whether
   * this process holds it now. A lease lost to another process is never taken back by force.
   */
  async acquire(): Promise<boolean> {
    if (this.#exclusive) {
      await this.#redis.set(this.#key, this.token, { px: this.ttlMs });
      this.#held = true;
      return true;
    }
    const taken = await this.#redis.set(this.#key, this.token, { nx: true, px: this.ttlMs });
    if (taken === "OK") {
      this.#held = true;
      return true;
    }
    this.#held = await this.#renew();
    return this.#held;
  }

  // Extends the lease only if this process still holds it, in one atomic script.
  async #renew(): Promise<boolean> {
    const renewed = await runScript(
      this.#redis,
      RENEW_LEASE_LUA,
      [this.#key],
      [this.token, String(this.ttlMs)],
    );
    return Number(renewed) === 1;
  }

  /** Who holds the lease now (a process id and a random part), if anyone. */
  async holder(): Promise<string | undefined> {
    const value = await this.#redis.get<string>(this.#key);
    return value === null ? undefined : String(value);
  }

  /** Gives the lease up if this process holds it. */
  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    if (String(await this.#redis.get<string>(this.#key)) === this.token) {
      await this.#redis.del(this.#key);
    }
  }
}
