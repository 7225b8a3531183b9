// `npm run operator -- --motion outbound|revival [--live]`: the operator's motions from the command
// line. Outbound: a dry run (the default) prints, per channel, who would be sent what and who is
// held back and why, and writes nothing; --live creates GATEKEEPER batches that wait for approval
// (on the /operator page, or POST /api/operator/approve-batch/:id). Revival: a dry run lists the
// GoHighLevel contacts it would bring back (and who is held back and why); --live brings them into
// the pipeline. The entry file hands in the functions.
import { parseArgs } from "node:util";
import type { InngestFunction } from "inngest";
import { runOutbound, type TOutboundAnswer } from "../dispatch/outbound.ts";
import { CADENCE_RUNS_ITSELF, runRevival, type TRevivalAnswer } from "../dispatch/revival.ts";
import { cliFail, openCliRuntime } from "./open-runtime.ts";

const USAGE = "usage: npm run operator -- --motion outbound|revival [--live]";

const fail = cliFail;

function parseCli(argv: string[]): { motion: "outbound" | "revival"; live: boolean } {
  let values: { motion?: string; live?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        motion: { type: "string" },
        live: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.motion === undefined) fail(`--motion is required\n${USAGE}`);
  if (values.motion === "cadence") fail(`--${CADENCE_RUNS_ITSELF}\n${USAGE}`);
  if (values.motion !== "outbound" && values.motion !== "revival")
    fail(`--motion: expected "outbound" or "revival", got "${values.motion}"\n${USAGE}`);
  return {
    motion: values.motion === "revival" ? "revival" : "outbound",
    live: values.live === true,
  };
}

/** The revival motion's answer as lines for a terminal. */
export function formatRevival(answer: TRevivalAnswer): string[] {
  const lines = [
    `Revival motion, ${answer.live ? "LIVE" : "dry run (nothing created; --live to bring them into the pipeline)"}; GoHighLevel ${answer.crm}`,
    `  contacts tagged "${answer.query.tag}" quiet since before ${answer.query.lastActivityBefore.slice(0, 10)}: ${answer.wouldRevive.length + answer.held.length}`,
    `  ${answer.live ? "revived" : "would revive"}: ${answer.wouldRevive.length}`,
    ...answer.wouldRevive.map(
      (c) =>
        `    ${c.name} (${c.company ?? "no company"}) ${c.email}, last activity ${c.lastActivity?.slice(0, 10) ?? "unknown"}`,
    ),
  ];
  if (answer.held.length > 0) {
    lines.push(`  held back: ${answer.held.length}`);
    for (const c of answer.held) lines.push(`    ${c.name}: ${c.reason}`);
  }
  if (answer.run?.runId) {
    lines.push(
      `  run ${answer.run.runId}: ${answer.run.created.length} new lead(s) in the pipeline; their cards reach /sales when crafted`,
    );
  }
  return lines;
}

/** The answer as lines for a terminal. */
export function formatOutbound(answer: TOutboundAnswer): string[] {
  const lines = [
    `Outbound motion, ${answer.live ? "LIVE" : "dry run (nothing sent, reserved or counted; --live to create batches)"}; ${answer.mode} mode; day ${answer.day}`,
    `  approved cards waiting: ${answer.considered}`,
  ];
  if (answer.emergencyStop.on) lines.push(`  EMERGENCY STOP: ${answer.emergencyStop.reason}`);
  if (answer.deliverabilityGuard && answer.mode === "live")
    lines.push(`  DELIVERABILITY GUARD: ${answer.deliverabilityGuard}`);
  if (answer.ramp.active) {
    lines.push(
      `  ramp: ${answer.ramp.streak}/${answer.ramp.required} clean days; tiers ${answer.ramp.tiers?.join(", ")}`,
    );
  }
  for (const channel of ["email", "linkedin"] as const) {
    const plan = answer.channels[channel];
    lines.push(
      `  ${channel}: ${plan.wouldSend.length} ${answer.live ? "in batches" : "would go"} (cap ${plan.cap.used}/${plan.cap.limit} used today)`,
    );
    for (const unit of plan.wouldSend) {
      lines.push(
        `    ${unit.name} (${unit.company ?? "no company"}, ${unit.tier}) → ${unit.to}${unit.account ? ` via ${unit.account}` : ""}, ${unit.steps} step(s)`,
      );
    }
  }
  if (answer.held.length > 0) {
    lines.push(`  held back: ${answer.held.length}`);
    for (const hold of answer.held) {
      lines.push(
        `    [${hold.layer}] ${hold.name}${hold.channel ? ` (${hold.channel})` : ""}: ${hold.reason}`,
      );
    }
  }
  for (const batch of answer.batches) {
    lines.push(
      `  batch ${batch.id}: ${batch.leads} ${batch.channel} lead(s), waits for approval until ${batch.expiresAt}`,
      `    approve: the /operator page, or POST ${batch.approve} {"snapshotHash":"${batch.snapshotHash}"}`,
    );
  }
  return lines;
}

export async function runOperatorCli(argv: string[], functions: InngestFunction.Any[]) {
  const { motion, live } = parseCli(argv);
  const runtime = await openCliRuntime(functions, "use its API (POST /api/operator/dispatch)");
  try {
    const options = { live, by: "operator (cli)" };
    const lines =
      motion === "revival"
        ? formatRevival(await runRevival(runtime, options))
        : formatOutbound(await runOutbound(runtime, options));
    process.stdout.write(`${lines.join("\n")}\n`);
    // The embedded engine records the batches' send runs before this process exits; `npm start`
    // resumes them (they wait for the approval).
    await runtime.engine?.idle();
  } finally {
    await runtime.close();
  }
}
