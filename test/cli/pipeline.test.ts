// `npm run pipeline` as an operator runs it: one line per stage with a total and where to find the
// queue; a bad campaign, mode or limit refused with the allowed values.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../lib/store/index.ts";
import { createRunRepo } from "../../lib/store/run-repo.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pipeline(args: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), "as-cli-"));
  dirs.push(dataDir);
  const run = (more: string[] = []) =>
    spawnSync(process.execPath, ["routes/entry/pipeline.ts", ...args, ...more], {
      cwd: join(import.meta.dirname, "..", ".."),
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 60_000,
    });
  return Object.assign(run, { dataDir });
}

describe("npm run pipeline", () => {
  it("runs a sandbox campaign and prints the scorecard; a second run adds nothing", () => {
    const run = pipeline(["--campaign", "competitor_gong", "--mode", "sandbox", "--limit", "20"]);
    const first = run();
    expect(first.status).toBe(0);
    for (const stage of ["scrape", "enrich", "verify", "segment", "craft"]) {
      expect(first.stdout).toMatch(
        new RegExp(`^  ${stage}\\s+PASS\\s+in\\s+\\d+\\s+out\\s+\\d+\\s+\\d+ ms`, "m"),
      );
    }
    expect(first.stdout).toMatch(/^ {2}scrape\s+PASS\s+in\s+20\s+out\s+20/m);
    expect(first.stdout).toMatch(/total\s+COMPLETED/);
    const queued = Number(
      /(\d+) card\(s\) from this run wait in the Head of Sales queue/.exec(first.stdout)?.[1],
    );
    expect(queued).toBeGreaterThan(10);
    // The first command to open the store generates the dashboard token, so it shows it once.
    expect(first.stdout).toMatch(/Dashboard token \(shown this once[^)]*\): [A-Za-z0-9_-]{40,}/);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^ {2}scrape\s+PASS\s+in\s+20\s+out\s+0/m);
    expect(second.stdout).toContain(
      "No new cards from this run: all 20 leads it found were found by an earlier run of this campaign",
    );
    expect(second.stdout).toContain(`${queued} card(s) wait in the Head of Sales queue`);
    expect(second.stdout).not.toContain("Dashboard token");
  });

  it("records the run's times by the wall clock, though its engine ran on a virtual one", async () => {
    const run = pipeline(["--campaign", "competitor_gong", "--limit", "30"]);
    const before = Date.now();
    const result = run();
    const after = Date.now();
    expect(result.status).toBe(0);
    const id = /^Run (run_\S+):/m.exec(result.stdout)?.[1] ?? "";
    const store = await openStore({ DATA_DIR: join(run.dataDir, "store") });
    try {
      const record = await createRunRepo(store.redis).get(id);
      expect(record?.status).toBe("completed");
      const finished = Date.parse(record?.finishedAt ?? "");
      expect(Date.parse(record?.startedAt ?? "")).toBeGreaterThanOrEqual(before - 1000);
      expect(finished).toBeLessThanOrEqual(after + 1000);
    } finally {
      await store.close();
    }
  });

  it.each([
    [
      ["--campaign", "nope"],
      /--campaign: unknown campaign "nope"; allowed: default, competitor_gong, event_saastr/,
    ],
    [
      ["--campaign", "toString"],
      /--campaign: unknown campaign "toString"; allowed: default, competitor_gong, event_saastr/,
    ],
    [["--campaign", "default", "--limit", "ten"], /--limit: expected a whole number, got "ten"/],
    [["--campaign", "default", "--limit", "-3"], /--limit: expected a whole number, got "-3"/],
    [["--campaign", "default", "--limit", "0"], /--limit: expected at least 1/],
    [["--campaign", "default", "--mode", "live"], /--mode: expected sandbox or production/],
    [["--limit", "5"], /--campaign is required/],
    [["--campaign", "default", "--frobnicate"], /Unknown option '--frobnicate'/],
  ])("refuses %j naming the field", (args, message) => {
    const result = pipeline(args)();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("usage: npm run pipeline");
  });
});
