// Shared helpers for the InngestTestEngine tests of functions/: a test runtime closed after each
// test, a run record, stage events, running a function with its sendEvent steps mocked, reading
// what it sent, running its onFailure handler on a real failure, an msw server, and lead fixtures.
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { type Context, Inngest, type InngestFunction } from "inngest";
import { errors } from "inngest/internals";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, onTestFinished } from "vitest";
import { identityKeys, leadIdFor } from "../../lib/leads/identity.ts";
import type { TLeadRecord, TLeadStatus } from "../../lib/leads/lead-record.ts";
import type { TCompany, TPersonProfile } from "../../lib/leads/profile.ts";
import type { TStageBatch } from "../../lib/pipeline/batches.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

export const RUN_ID = "run_20261124_090000_abc123";

// The runtime of the running test, whose dependencies `execute` injects into the function.
let testRuntime: TestRuntime | undefined;

/** A test runtime (embedded store in a temp dir, no crons) that is closed when the test ends. */
export async function startRuntime(
  options: Parameters<typeof createTestRuntime>[0] = {},
): Promise<TestRuntime> {
  const runtime = await createTestRuntime({ startCrons: false, ...options });
  testRuntime = runtime;
  onTestFinished(async () => {
    if (testRuntime === runtime) testRuntime = undefined;
    await runtime.close();
  });
  return runtime;
}

const boundRuntime = (): TestRuntime => {
  if (!testRuntime) throw new Error("call startRuntime() before executing a function");
  return testRuntime;
};

/** Records the run the stage works for; `expectedBatches` as the scrape would have set it. */
export async function createRun(
  runtime: TestRuntime,
  options: {
    id?: string;
    campaign?: string;
    mode?: "sandbox" | "production";
    limit?: number;
    expectedBatches?: number;
  } = {},
): Promise<string> {
  const id = options.id ?? RUN_ID;
  await runtime.repos.runs.create({
    id,
    campaign: options.campaign ?? "default",
    mode: options.mode ?? "sandbox",
    limit: options.limit ?? 25,
    requestedBy: "test@alpha-swarm.example",
  });
  if (options.expectedBatches !== undefined) {
    await runtime.repos.runs.setExpectedBatches(id, options.expectedBatches);
  }
  return id;
}

type StageEventName = "leads.scraped" | "leads.enriched" | "leads.verified" | "leads.segmented";

/** A pipeline-stage event for one batch. */
export function stageEvent(
  name: StageEventName,
  data: Partial<TStageBatch> & { leadIds: string[] },
): { name: StageEventName; data: TStageBatch } {
  return {
    name,
    data: {
      runId: RUN_ID,
      campaign: "default",
      mode: "sandbox",
      batch: { index: 0, count: 1 },
      ...data,
    },
  };
}

type SentEvent = { name: string; data: Record<string, unknown> };

/**
 * Runs `fn` on `event` to its end. `sendEvents` are the ids of its step.sendEvent steps: they are
 * mocked (no Inngest event key in tests), so what was sent is read from the ctx spies. Other
 * step ids in `mockSteps` resolve at once (step.sleep).
 */
export async function execute(
  fn: InngestFunction.Any,
  event: { name: string; data: unknown },
  options: { sendEvents?: string[]; mockSteps?: string[] } = {},
) {
  const engine = new InngestTestEngine({ function: fn });
  const mocked = [
    ...(options.sendEvents ?? []).map((id) => ({ id, handler: () => ({ ids: [`sent-${id}`] }) })),
    ...(options.mockSteps ?? []).map((id) => ({ id, handler: () => undefined })),
  ];
  const output = await boundRuntime().bind(() =>
    engine.execute({
      events: [event as { name: string; data: Record<string, unknown> }],
      ...(mocked.length > 0 && { steps: mocked }),
    }),
  );
  return { ...output, sent: sentEvents(output.ctx) };
}

/** Every step.sendEvent call of the (last) execution: step id and the events, as an array. */
export function sentEvents(
  ctx: InngestTestEngine.MockContext,
): { id: string; events: SentEvent[] }[] {
  return ctx.step.sendEvent.mock.calls.map((call) => {
    const [id, payload] = call as unknown as [string, SentEvent | SentEvent[]];
    return { id, events: Array.isArray(payload) ? payload : [payload] };
  });
}

/** The ids of the step.run calls of the (last) execution, in order. */
export function stepRunIds(ctx: InngestTestEngine.MockContext): string[] {
  return ctx.step.run.mock.calls.map((call) => String(call[0]));
}

/** The error of a run that failed: Inngest's serialized error (name, message, stack). */
export function failedWith(output: { error?: unknown; result?: unknown }): {
  name: string;
  message: string;
} {
  expect(output.result).toBeUndefined();
  expect(output.error).toMatchObject({ name: expect.any(String), message: expect.any(String) });
  return output.error as { name: string; message: string };
}

const harnessClient = new Inngest({ id: "on-failure-harness" });

/**
 * Runs `fn`'s onFailure handler through its own InngestTestEngine, as Inngest does after the last
 * attempt: an `inngest/function.failed` event carrying the original event and the serialized
 * error, which the handler receives deserialized as `error`. The alert's sendEvent is mocked.
 */
export async function executeOnFailure(
  fn: InngestFunction.Any,
  original: { name: string; data: unknown },
  error: unknown,
) {
  // biome-ignore lint/complexity/useLiteralKeys: onFailureFn is private in inngest's types; element access is TypeScript's way in
  const handler: unknown = fn["onFailureFn"];
  if (typeof handler !== "function") throw new Error(`${fn.id()} has no onFailure handler`);
  const harness = harnessClient.createFunction(
    { id: `${fn.id()}-failure`, triggers: [{ event: "inngest/function.failed" }] },
    handler as (ctx: Context.Any) => Promise<unknown>,
  );
  const serialized = errors.isSerializedError(error)
    ? error
    : errors.serializeError(error as Error);
  const engine = new InngestTestEngine({
    function: harness,
    transformCtx: (ctx) => {
      const data = ctx.event.data as { error: errors.SerializedError };
      return {
        ...mockCtx(ctx),
        deps: boundRuntime(),
        error: errors.deserializeError(data.error),
      } as ReturnType<typeof mockCtx>;
    },
  });
  const output = await engine.execute({
    events: [
      {
        name: "inngest/function.failed",
        data: {
          function_id: fn.id("alpha-swarm"),
          run_id: "01KAY5W3J6X8N2Q4R7T9V1B3C5",
          error: serialized,
          event: { id: "01KAY5W3J6X8N2Q4R7T9V1B3C4", ts: Date.now(), ...original },
        },
      },
    ],
    steps: [{ id: "alert", handler: () => ({ ids: ["sent-alert"] }) }],
  });
  return { ...output, sent: sentEvents(output.ctx) };
}

/** An msw server for the file: refuses unhandled requests, handlers reset after each test. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Dana, VP Sales at Northwind Analytics (240 people, computer software, Gong and Salesforce). */
export function makeProfile(
  overrides: Partial<Omit<TPersonProfile, "company">> & { company?: Partial<TCompany> } = {},
): TPersonProfile {
  const { company, ...person } = overrides;
  return {
    apolloId: null,
    firstName: "Dana",
    lastName: "Whitfield",
    title: "VP Sales",
    headline: "VP Sales at Northwind Analytics",
    seniority: "vp",
    departments: ["master_sales"],
    city: "Austin",
    state: "Texas",
    country: "United States",
    email: "dana.whitfield@northwind.example",
    emailStatus: "verified",
    emailSource: "apollo",
    linkedinUrl: null,
    ...person,
    company: {
      name: "Northwind Analytics",
      domain: "northwind.example",
      websiteUrl: "https://northwind.example",
      linkedinUrl: null,
      industry: "computer software",
      employees: 240,
      annualRevenue: 38_500_000,
      foundedYear: 2014,
      technologies: ["Salesforce", "Gong", "Slack"],
      ...company,
    },
  };
}

/** A stored lead with its profile's email as identity, at the given status. */
export function makeLead(
  profile: TPersonProfile,
  status: TLeadStatus,
  overrides: Partial<TLeadRecord> = {},
): TLeadRecord {
  const keys = identityKeys({ email: profile.email, apolloId: profile.apolloId });
  const at = "2026-11-24T08:00:00.000Z";
  return {
    id: leadIdFor(keys),
    campaigns: ["default"],
    keys,
    search: null,
    profile,
    enrichment: { source: "apollo", at },
    verification: null,
    signals: [],
    score: null,
    status,
    dropped: null,
    cardId: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
