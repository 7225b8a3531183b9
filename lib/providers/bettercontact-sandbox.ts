// The BetterContact client for sandbox mode: same type and input checks as the live one. Submitted
// requests are kept in memory (bounded) so polls can answer them, as BetterContact keeps them
// server-side; results come from sandbox/bettercontact-world.ts. No network, no delays.
import { NonRetriableError } from "inngest";
import type { z } from "zod";
import type { BetterContactClient } from "./bettercontact.ts";
import { parseContacts, type ZBetterContactInput } from "./bettercontact-input.ts";
import { toPoll } from "./bettercontact-map.ts";
import { sandboxJob, sandboxRequestId } from "./sandbox/bettercontact-world.ts";

type Job = { contacts: z.output<typeof ZBetterContactInput>[]; polls: number };

/** How many requests the sandbox remembers; the oldest are forgotten first. */
const MAX_JOBS = 10_000;

/** Shared by every sandbox client of the process, like BetterContact's own store. */
const jobs = new Map<string, Job>();

export type BetterContactSandboxOptions = {
  seed: string;
  /** Polls answered "processing" before a request is done (0: done on the first poll). */
  pendingPolls?: number;
};

/** A seeded, offline BetterContact that finds an email for about 70% of contacts. */
export function createBetterContactSandbox(
  options: BetterContactSandboxOptions,
): BetterContactClient {
  const { seed } = options;
  const pendingPolls = options.pendingPolls ?? 0;
  return {
    kind: "sandbox",
    async submit(contacts) {
      const parsed = parseContacts(contacts);
      const requestId = sandboxRequestId(seed, parsed);
      jobs.delete(requestId);
      jobs.set(requestId, { contacts: parsed, polls: 0 });
      for (const oldest of jobs.keys()) {
        if (jobs.size <= MAX_JOBS) break;
        jobs.delete(oldest);
      }
      return { requestId };
    },
    async poll(requestId) {
      const job = jobs.get(requestId.trim());
      if (!job)
        throw new NonRetriableError(`BetterContact does not know request ${requestId} (406)`);
      job.polls += 1;
      if (job.polls <= pendingPolls) {
        return { done: false, status: "processing", results: [], creditsConsumed: 0 };
      }
      return toPoll(sandboxJob(seed, requestId.trim(), job.contacts));
    },
  };
}
