// verify-leads under InngestTestEngine: ZeroBounce's verdict per address decides each lead —
// invalid, spamtrap, abuse and do_not_mail are dropped with "ZeroBounce: <status> (<sub-status>)",
// valid is kept, catch-all and unknown are kept but counted risky — and `leads.verified` carries
// the survivors. Verdicts come from sandbox addresses found per verdict, and from msw ZeroBounce
// answers in production mode; a ZeroBounce 401 fails with a NonRetriableError and onFailure
// records FAIL and raises a WARNING alert.
import { describe, expect, it } from "vitest";
import { verifyLeads } from "../../functions/verify-leads.ts";
import type { TLeadRecord } from "../../lib/leads/lead-record.ts";
import type { TVerification } from "../../lib/leads/profile.ts";
import { DEFAULT_SANDBOX_SEED } from "../../lib/providers/index.ts";
import { sandboxVerdict } from "../../lib/providers/sandbox/zerobounce-world.ts";
import { ZEROBOUNCE_TEST_KEY, zeroBounceHandlers } from "../msw/zerobounce.ts";
import type { TestRuntime } from "../support/runtime.ts";
import {
  createRun,
  execute,
  executeOnFailure,
  failedWith,
  makeLead,
  makeProfile,
  RUN_ID,
  stageEvent,
  startRuntime,
  useMswServer,
} from "./support.ts";

const server = useMswServer();

const verify = (event: ReturnType<typeof stageEvent>) =>
  execute(verifyLeads, event, { sendEvents: ["next"] });

type Status = TVerification["status"];
const STATUSES: Status[] = [
  "valid",
  "catch-all",
  "unknown",
  "invalid",
  "spamtrap",
  "abuse",
  "do_not_mail",
];

/** Stores one enriched lead per address, in order; returns their ids. */
async function enrichedLeads(runtime: TestRuntime, emails: string[]): Promise<string[]> {
  const leads = emails.map((email, i) =>
    makeLead(makeProfile({ firstName: `Person${i}`, email }), "enriched"),
  );
  await runtime.repos.leads.saveMany(leads);
  return leads.map((l) => l.id);
}

/** The first sandbox address (of a few thousand candidates) that ZeroBounce's world gives `status`. */
function sandboxAddressFor(status: Status): { email: string; subStatus: string } {
  for (let i = 0; i < 5000; i++) {
    const email = `person${i}@company${i}.example`;
    const verdict = sandboxVerdict(DEFAULT_SANDBOX_SEED, email, 0);
    if (verdict.status === status) return { email, subStatus: verdict.sub_status ?? "" };
  }
  throw new Error(`no sandbox address gives ${status}`);
}

const reasonFor = (status: Status, subStatus: string) =>
  `ZeroBounce: ${status}${subStatus ? ` (${subStatus})` : ""}`;

describe("verify-leads (sandbox)", () => {
  it("drops never-send verdicts with the reason and keeps catch-all and unknown as risky", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const addresses = STATUSES.map((status) => ({ status, ...sandboxAddressFor(status) }));
    const leadIds = await enrichedLeads(
      runtime,
      addresses.map((a) => a.email),
    );
    const [valid, catchAll, unknown, ...neverSend] = leadIds;

    const { result, error, sent } = await verify(stageEvent("leads.enriched", { leadIds }));

    expect(error).toBeUndefined();
    const dropped = addresses.slice(3).map((a, i) => ({
      leadId: neverSend[i],
      reason: reasonFor(a.status, a.subStatus),
    }));
    expect(result).toEqual({ verified: 3, risky: 2, dropped });

    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    expect(stored.map((l) => l.verification?.status)).toEqual(STATUSES);
    expect(stored.map((l) => l.status)).toEqual([
      "verified",
      "verified",
      "verified",
      "dropped",
      "dropped",
      "dropped",
      "dropped",
    ]);
    expect(stored.slice(3).map((l) => l.dropped)).toEqual(
      dropped.map((d) => ({ stage: "verify", reason: d.reason })),
    );
    expect(stored.slice(0, 3).every((l) => l.dropped === null)).toBe(true);

    expect(sent).toEqual([
      {
        id: "next",
        events: [
          {
            name: "leads.verified",
            data: {
              runId: RUN_ID,
              campaign: "default",
              mode: "sandbox",
              leadIds: [valid, catchAll, unknown],
              batch: { index: 0, count: 1 },
            },
          },
        ],
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[2]).toMatchObject({
      stage: "verify",
      status: "PASS",
      countIn: 7,
      countOut: 3,
    });
  });

  it("drops role mailboxes and typo domains by rule", async () => {
    const runtime = await startRuntime();
    await createRun(runtime, { expectedBatches: 1 });
    const leadIds = await enrichedLeads(runtime, ["sales@northwind.example", "dana@gmial.com"]);

    const { result, sent } = await verify(stageEvent("leads.enriched", { leadIds }));

    expect(result).toEqual({
      verified: 0,
      risky: 0,
      dropped: [
        { leadId: leadIds[0], reason: "ZeroBounce: do_not_mail (role_based)" },
        { leadId: leadIds[1], reason: "ZeroBounce: invalid (possible_typo)" },
      ],
    });
    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    expect(stored[1]?.verification?.didYouMean).toBe("dana@gmail.com");
    // The batch still flows on, empty, so the run can finish.
    expect(sent[0]?.events[0]?.data).toMatchObject({ leadIds: [], batch: { index: 0, count: 1 } });
  });
});

describe("verify-leads (production, msw)", () => {
  const rawEnv = { ZEROBOUNCE_API_KEY: ZEROBOUNCE_TEST_KEY };

  it("sends the batch in one validatebatch call and applies ZeroBounce's verdicts", async () => {
    const runtime = await startRuntime({ rawEnv });
    await createRun(runtime, { mode: "production", expectedBatches: 1 });
    const emails = STATUSES.map((status) => `${status.replace(/[^a-z]/g, "")}@lead.example`);
    const subStatus: Record<Status, string> = {
      valid: "",
      "catch-all": "",
      unknown: "greylisted",
      invalid: "mailbox_not_found",
      spamtrap: "",
      abuse: "",
      do_not_mail: "global_suppression",
    };
    const zeroBounce = zeroBounceHandlers({
      verdicts: Object.fromEntries(
        STATUSES.map((status, i) => [
          emails[i] as string,
          { status, sub_status: subStatus[status] },
        ]),
      ),
    });
    server.use(...zeroBounce.handlers);
    const leadIds = await enrichedLeads(runtime, emails);

    const { result, error, sent } = await verify(
      stageEvent("leads.enriched", { leadIds, mode: "production" }),
    );

    expect(error).toBeUndefined();
    expect(zeroBounce.requests).toHaveLength(1);
    const request = zeroBounce.requests[0];
    expect(request?.url.pathname).toBe("/v2/validatebatch");
    const body = request?.body as { api_key: string; email_batch: { email_address: string }[] };
    expect(body.api_key).toBe(ZEROBOUNCE_TEST_KEY);
    expect(body.email_batch.map((e) => e.email_address)).toEqual(emails);

    expect(result).toEqual({
      verified: 3,
      risky: 2,
      dropped: [
        { leadId: leadIds[3], reason: "ZeroBounce: invalid (mailbox_not_found)" },
        { leadId: leadIds[4], reason: "ZeroBounce: spamtrap" },
        { leadId: leadIds[5], reason: "ZeroBounce: abuse" },
        { leadId: leadIds[6], reason: "ZeroBounce: do_not_mail (global_suppression)" },
      ],
    });
    const stored = (await runtime.repos.leads.getMany(leadIds)) as TLeadRecord[];
    expect(stored[1]).toMatchObject({
      status: "verified",
      verification: { email: emails[1], status: "catch-all", subStatus: null },
    });
    expect(stored[2]).toMatchObject({
      status: "verified",
      verification: { status: "unknown", subStatus: "greylisted" },
    });
    expect(sent[0]?.events[0]).toEqual({
      name: "leads.verified",
      data: {
        runId: RUN_ID,
        campaign: "default",
        mode: "production",
        leadIds: leadIds.slice(0, 3),
        batch: { index: 0, count: 1 },
      },
    });
  });

  it("fails on a ZeroBounce 401 and onFailure records FAIL with a WARNING alert", async () => {
    const runtime = await startRuntime({ rawEnv });
    await createRun(runtime, { mode: "production", expectedBatches: 1 });
    server.use(...zeroBounceHandlers({ scenario: "unauthorized" }).handlers);
    const leadIds = await enrichedLeads(runtime, ["dana@lead.example"]);
    const event = stageEvent("leads.enriched", { leadIds, mode: "production" });

    const output = await verify(event);

    const error = failedWith(output);
    expect(error.name).toBe("NonRetriableError");
    expect(error.message).toMatch(
      /^ZeroBounce refused the API key \(401\): check ZEROBOUNCE_API_KEY/,
    );
    expect(error.message).not.toContain(ZEROBOUNCE_TEST_KEY);
    expect(output.sent).toEqual([]);
    const [lead] = await runtime.repos.leads.getMany(leadIds);
    expect(lead).toMatchObject({ status: "enriched", verification: null });

    const failure = await executeOnFailure(verifyLeads, event, output.error);

    expect(failure.sent[0]?.events).toEqual([
      {
        name: "alert.raised",
        data: {
          severity: "WARNING",
          title: `Pipeline stage verify failed in run ${RUN_ID}`,
          detail: error.message,
          context: { run: RUN_ID, campaign: "default", stage: "verify", batch: "1 of 1" },
        },
      },
    ]);
    const card = await runtime.repos.runs.scorecard(RUN_ID);
    expect(card?.stages[2]).toMatchObject({
      stage: "verify",
      status: "FAIL",
      errors: [error.message],
    });
    // Its only batch settled as failed: the run is over, and failed.
    expect(card?.status).toBe("failed");
  });
});
