// The process the full-disk test runs inside its own small tmpfs (a private mount namespace):
// fills a queue, fills the disk, edits a card until the disk refuses, frees space, edits again,
// restarts, and prints what the API answered at each point as one JSON line.
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { functions } from "../../../functions/index.ts";
import { VirtualClock } from "../../../lib/engine/clock.ts";
import { createLogger } from "../../../lib/log.ts";
import { startRun } from "../../../lib/pipeline/start-run.ts";
import { createRuntime } from "../../../lib/runtime/runtime.ts";
import { createApp } from "../../../routes/app.ts";

const [dir = ""] = process.argv.slice(2);
const TOKEN = "full-disk-dashboard-token-0123456789";

async function open() {
  const runtime = await createRuntime({
    rawEnv: { DATA_DIR: dir, DASHBOARD_AUTH_TOKEN: TOKEN },
    clock: new VirtualClock(Date.parse("2026-11-24T15:00:00Z")),
    functions,
    logger: createLogger({ level: "error", sink: () => {} }),
    startCrons: false,
  });
  const app = createApp(runtime);
  const call = async (path: string, method = "GET", body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { runtime, call };
}

/**
 * Fills the disk with 64 KiB files, then deletes one of them so that a few writes still fit
 * before the disk is full again; returns the files left.
 */
function fillDisk(): string[] {
  const files: string[] = [];
  const chunk = Buffer.alloc(4096, 1);
  for (let full = false; !full; ) {
    const path = join(dir, `filler-${files.length}`);
    const fd = openSync(path, "w");
    files.push(path);
    try {
      for (let i = 0; i < 16; i++) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      full = true;
    } finally {
      closeSync(fd);
    }
  }
  const freed = files.splice(0, 1)[0];
  if (freed) rmSync(freed);
  return files;
}

const first = await open();
await startRun(first.runtime, { campaign: "default", mode: "sandbox", limit: 3 }, "test");
await first.runtime.engine?.runUntilIdle();
const cards = (await first.call("/api/emails/pending")).json.cards as { id: string }[];
const id = cards[0]?.id ?? "";
const fillers = fillDisk();
const bodyOf = (n: number) =>
  `Hi there,\n\nEdit number ${n}. ${"We help revenue teams book more meetings. ".repeat(120)}\n\nBest,\nAlex\n\nReply STOP to unsubscribe.`;
let okEdits = 0;
let refused: { status: number; json: Record<string, unknown> } | undefined;
for (let n = 1; n <= 2000 && refused === undefined; n++) {
  const answer = await first.call(`/api/emails/${id}`, "PATCH", { body: bodyOf(n) });
  if (answer.status === 200) okEdits = n;
  else refused = answer;
}
const editsOf = async (call: typeof first.call) =>
  ((await call(`/api/audit?card=${id}&limit=500`)).json.entries as { action: string }[]).filter(
    (e) => e.action === "edit",
  ).length;
const bodyNow = async (call: typeof first.call) =>
  ((await call(`/api/emails/${id}`)).json.message as { body: string }).body;
const unreviewed = await first.call(`/api/emails/${cards[1]?.id ?? ""}`);
const whileFull = {
  body: await bodyNow(first.call),
  edits: await editsOf(first.call),
  readUnreviewed: unreviewed.status,
  pending: (await first.call("/api/emails/pending")).status,
};
for (const filler of fillers) rmSync(filler);
const afterFreeing = await first.call(`/api/emails/${id}`, "PATCH", { body: bodyOf(9999) });
await first.runtime.close();
const second = await open();
const afterRestart = { body: await bodyNow(second.call), edits: await editsOf(second.call) };
await second.runtime.close();
process.stdout.write(
  `${JSON.stringify({
    okEdits,
    refused,
    whileFull: { ...whileFull, isLastOk: whileFull.body === bodyOf(okEdits) },
    afterFreeing: afterFreeing.status,
    afterRestart: { ...afterRestart, isFinal: afterRestart.body === bodyOf(9999) },
  })}\n`,
);
