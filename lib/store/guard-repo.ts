// The deliverability guard's state in the store: engaged (since when, by which triggers — a sending
// account's bounces, a campaign's bounce or unsubscribe red flag) or clear (by whom, when, why).
// Engaging is a compare-and-write, so triggers found at once by several processes all land; only
// a person clears it, with a reason, and the audit entry lands in the same write.
import type { Redis } from "@upstash/redis";
import { z } from "zod";
import type { TAuditEntry } from "./audit-repo.ts";
import { storeKey } from "./keys.ts";
import { parseStored } from "./parse-stored.ts";
import { compareAndWrite, Writes } from "./scripts/compare-and-write.ts";

const GUARD_KEY = storeKey("safety", "deliverability_guard");
/** Triggers kept on an engaged guard (the newest). */
const MAX_TRIGGERS = 20;

export const ZGuardTrigger = z.object({
  kind: z.enum(["account_bounce", "bounce_rate", "unsubscribe_rate"]),
  /** The sending account (account_bounce) or the campaign (a red flag). */
  scope: z.string(),
  rate: z.number(),
  sample: z.number().int(),
  detail: z.string(),
  at: z.string(),
  /** What engaged it (a flag, a signal): the same evidence again is a retry, not news. */
  evidence: z.string().optional(),
});
export type TGuardTrigger = z.infer<typeof ZGuardTrigger>;

export const ZGuardState = z.object({
  engaged: z.boolean(),
  since: z.string().nullable(),
  triggers: z.array(ZGuardTrigger),
  cleared: z
    .object({
      by: z.string(),
      at: z.string(),
      reason: z.string(),
      triggers: z.array(ZGuardTrigger),
    })
    .nullable(),
});
export type TGuardState = z.infer<typeof ZGuardState>;

const CLEAR: TGuardState = { engaged: false, since: null, triggers: [], cleared: null };

export function createGuardRepo(redis: Redis, auditAppend: (w: Writes, e: TAuditEntry[]) => void) {
  async function readRaw(): Promise<{ raw: unknown; state: TGuardState }> {
    const raw = await redis.get(GUARD_KEY);
    return { raw, state: parseStored(ZGuardState, GUARD_KEY, raw) ?? CLEAR };
  }

  async function state(): Promise<TGuardState> {
    return (await readRaw()).state;
  }

  /**
   * Engages the guard with a trigger. `added` is false when the guard already held for the same
   * kind and scope on other evidence (nothing new to announce) — true again for the same evidence,
   * so a retried step still announces what its first attempt engaged; `newlyEngaged` when it was
   * clear before.
   */
  async function engage(
    trigger: TGuardTrigger,
  ): Promise<{ state: TGuardState; added: boolean; newlyEngaged: boolean }> {
    for (;;) {
      const { raw, state: before } = await readRaw();
      const known = before.triggers.find(
        (t) => t.kind === trigger.kind && t.scope === trigger.scope,
      );
      if (before.engaged && known) {
        const retry = trigger.evidence !== undefined && known.evidence === trigger.evidence;
        return { state: before, added: retry, newlyEngaged: false };
      }
      const next: TGuardState = {
        engaged: true,
        since: before.engaged ? before.since : trigger.at,
        triggers: [...(before.engaged ? before.triggers : []), trigger].slice(-MAX_TRIGGERS),
        cleared: before.cleared,
      };
      const writes = new Writes().set(GUARD_KEY, next);
      if ((await compareAndWrite(redis, [{ key: GUARD_KEY, read: raw }], writes)).applied)
        return { state: next, added: true, newlyEngaged: !before.engaged };
    }
  }

  /**
   * Clears an engaged guard with the person's reason and the audit entry `entryFor` makes from
   * the state before; null when it was not engaged (nothing is written).
   */
  async function clear(
    change: { by: string; at: string; reason: string },
    entryFor: (before: TGuardState) => TAuditEntry,
  ): Promise<TGuardState | null> {
    for (;;) {
      const { raw, state: before } = await readRaw();
      if (!before.engaged) return null;
      const next: TGuardState = {
        engaged: false,
        since: null,
        triggers: [],
        cleared: { ...change, triggers: before.triggers },
      };
      const writes = new Writes().set(GUARD_KEY, next);
      auditAppend(writes, [entryFor(before)]);
      if ((await compareAndWrite(redis, [{ key: GUARD_KEY, read: raw }], writes)).applied)
        return next;
    }
  }

  return { state, engage, clear };
}

export type GuardRepo = ReturnType<typeof createGuardRepo>;
