// A sandbox run whose `npm run pipeline` is killed mid-run is not lost: the next `npm run pipeline`,
// or `npm start`, drives it to its end on its own engine, with the cards an uninterrupted run makes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EngineStore } from "../../lib/engine/engine-store.ts";
import { SANDBOX_CLI_ENGINE } from "../../lib/runtime/sandbox-cli-runs.ts";
import { createCardRepo } from "../../lib/store/card-repo.ts";
import { openStore } from "../../lib/store/index.ts";
import { createRunRepo } from "../../lib/store/run-repo.ts";
import { freePort } from "../support/free-port.ts";
import { startRedisServer } from "../support/redis-process.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const ARGS = ["--campaign", "event_saastr", "--limit", "200"];

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "as-interrupted-"));
  dirs.push(dir);
  return dir;
}

const envFor = (dir: string, extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  DATA_DIR: dir,
  ...extra,
});

/** Runs `npm run pipeline` to its end. */
function pipeline(dir: string, extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["routes/entry/pipeline.ts", ...ARGS], {
    cwd: ROOT,
    env: envFor(dir, extra),
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Starts `npm run pipeline` and kills it (SIGKILL) the moment it says its run has started. */
function killMidRun(dir: string, extra: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ["routes/entry/pipeline.ts", ...ARGS], {
    cwd: ROOT,
    env: envFor(dir, extra),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  let runId: string | undefined;
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      runId ??= /^Run (run_\S+):/m.exec(output)?.[1];
      if (runId) child.kill("SIGKILL");
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", () =>
      runId ? resolve(runId) : reject(new Error(`ended before its run started:\n${output}`)),
    );
  });
}

/** What the store holds of run `id`: its status, the pending cards, the CLI engine's work left. */
async function inspect(dir: string, id: string) {
  const store = await openStore({ DATA_DIR: join(dir, "store") });
  try {
    return {
      status: (await createRunRepo(store.redis).get(id))?.status,
      pending: await createCardRepo(store.redis).pendingCount(),
      cliWork: await new EngineStore(store.redis, SANDBOX_CLI_ENGINE).hasWork(),
      serverWork: await new EngineStore(store.redis).hasWork(),
    };
  } finally {
    await store.close();
  }
}

/** The cards one uninterrupted run of ARGS leaves in the queue. */
function uninterruptedCards(): number {
  const result = pipeline(dataDir());
  expect(result.status).toBe(0);
  return Number(/(\d+) card\(s\) from this run wait/.exec(result.stdout)?.[1]);
}

describe("a sandbox run whose `npm run pipeline` was killed mid-run", () => {
  it("is finished by the next `npm run pipeline`, which says so before its own run", async () => {
    const expected = uninterruptedCards();
    expect(expected).toBeGreaterThan(100);
    const dir = dataDir();
    const id = await killMidRun(dir);
    expect(await inspect(dir, id)).toMatchObject({ status: "running", cliWork: true });

    const next = pipeline(dir);
    expect(next.status).toBe(0);
    expect(next.stdout).toContain(
      `Resuming 1 run(s) an earlier \`npm run pipeline\` left unfinished: ${id}\n`,
    );
    expect(next.stdout).toContain(
      `Run ${id}: campaign event_saastr, completed, ${expected} card(s) crafted\n`,
    );
    // The new run of the same campaign finds only leads the resumed run already took.
    expect(next.stdout).toContain(`${expected} card(s) wait in the Head of Sales queue`);
    expect(await inspect(dir, id)).toEqual({
      status: "completed",
      pending: expected,
      cliWork: false,
      serverWork: false,
    });
  }, 60_000);

  it("is finished by `npm start`, on the CLI's engine, not the server's", async () => {
    const dir = dataDir();
    const id = await killMidRun(dir);
    const server = spawn(process.execPath, ["routes/entry/start.ts"], {
      cwd: ROOT,
      env: envFor(dir, { PORT: String(await freePort()) }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(server);
    let output = "";
    server.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no resume:\n${output}`)), 40_000);
      server.stdout?.on("data", (chunk) => {
        output += chunk;
        if (output.includes(`Resumed sandbox run(s) ended: ${id}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    expect(output).toContain(
      `Resuming 1 sandbox run(s) that a stopped \`npm run pipeline\` left unfinished: ${id}`,
    );
    await new Promise((resolve) => {
      server.on("exit", resolve);
      server.kill("SIGTERM");
    });
    const after = await inspect(dir, id);
    expect(after).toMatchObject({ status: "completed", cliWork: false, serverWork: false });
    expect(after.pending).toBeGreaterThan(100);
  }, 60_000);

  it("on Redis, is finished by a CLI started at once, which waits out the stopped CLI's lease", async () => {
    const redis = await startRedisServer();
    try {
      const dir = dataDir();
      const env = { REDIS_URL: redis.url };
      const id = await killMidRun(dir, env);
      // Within the killed CLI's lease (15 s): the same campaign is not refused as in progress.
      const next = pipeline(dir, env);
      expect(next.stderr).toBe("");
      expect(next.status).toBe(0);
      expect(next.stdout).toContain("Waiting for the sandbox engine: another `npm run pipeline`");
      expect(next.stdout).toContain(
        `Resuming 1 run(s) an earlier \`npm run pipeline\` left unfinished: ${id}\n`,
      );
      expect(next.stdout).toMatch(new RegExp(`Run ${id}: campaign event_saastr, completed, \\d+`));
    } finally {
      await redis.stop();
    }
  }, 90_000);
});
