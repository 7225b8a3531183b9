// `npm run pipeline`'s progress while it waits on a run: a line per report with each started
// stage's batches and leads, nothing when nothing changed, nothing once the run ended or the
// follower stopped, and a failed read skipped rather than fatal.
import { afterEach, describe, expect, it, vi } from "vitest";
import { followProgress, progressLine } from "../../lib/cli/run-progress.ts";
import { PIPELINE_STAGES } from "../../lib/leads/lead-record.ts";
import type { TScorecard } from "../../lib/store/run-repo.ts";

/** A run's scorecard with `done` batches of 100 leads (each keeping 90) through each stage. */
function card(
  done: Partial<Record<(typeof PIPELINE_STAGES)[number], number>>,
  more: Partial<TScorecard> = {},
): TScorecard {
  return {
    id: "run_1",
    campaign: "default",
    mode: "sandbox",
    limit: 1000,
    requestedBy: "cli",
    status: "running",
    startedAt: "2026-12-04T10:00:00.000Z",
    finishedAt: null,
    expectedBatches: 10,
    totalMs: 0,
    stages: PIPELINE_STAGES.map((stage) => {
      const batches = done[stage] ?? 0;
      return {
        stage,
        status: "PENDING",
        batches,
        countIn: batches * 100,
        countOut: batches * 90,
        ms: 0,
        errors: [],
        drops: {},
      };
    }),
    ...more,
  };
}

describe("progressLine", () => {
  it("names each started stage with its batches of those expected and its leads in → out", () => {
    expect(progressLine(card({ scrape: 1, enrich: 4 }), 12_400)).toBe(
      "  … 12 s: scrape 1/1: 100 → 90 · enrich 4/10: 400 → 360",
    );
  });

  it("says the run is starting before any batch, names the run when asked, and omits an unknown total", () => {
    expect(progressLine(card({}), 900)).toBe("  … 1 s: starting");
    expect(
      progressLine(card({ scrape: 1, verify: 2 }, { expectedBatches: null }), 5000, true),
    ).toBe("  … 5 s, run run_1: scrape 1/1: 100 → 90 · verify 2: 200 → 180");
  });
});

describe("followProgress", () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** A reader of `current()` that counts its reads, so a test can wait for reports to happen. */
  function reader(current: (id: string) => TScorecard) {
    let reads = 0;
    let failing = false;
    return {
      read: async (id: string) => {
        reads += 1;
        if (failing) throw new Error("store unreachable");
        return current(id);
      },
      fail: (on: boolean) => {
        failing = on;
      },
      /** Resolves once `count` more reads have happened. */
      reads: async (count: number) => {
        const target = reads + count;
        await vi.waitFor(() => expect(reads).toBeGreaterThanOrEqual(target), { timeout: 5000 });
      },
    };
  }

  it("writes a line when the run moved, none while it stands still or after it ended", async () => {
    let current = card({ scrape: 1 });
    const lines: string[] = [];
    const source = reader(() => current);
    stops.push(
      followProgress(
        () => ["run_1"],
        source.read,
        (line) => lines.push(line),
        10,
      ),
    );
    await source.reads(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/: scrape 1\/1: 100 → 90$/);
    current = card({ scrape: 1, enrich: 3 });
    await source.reads(3);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/enrich 3\/10: 300 → 270$/);
    current = card({ scrape: 1, enrich: 10 }, { status: "completed" });
    await source.reads(3);
    expect(lines).toHaveLength(2);
  });

  it("skips a report whose read failed, and writes nothing once stopped", async () => {
    const lines: string[] = [];
    const source = reader((id) => card({ scrape: 1 }, { id }));
    source.fail(true);
    const stop = followProgress(
      () => ["run_1", "run_2"],
      source.read,
      (line) => lines.push(line),
      10,
    );
    await source.reads(4);
    expect(lines).toEqual([]);
    source.fail(false);
    await vi.waitFor(() => expect(lines).toHaveLength(2), { timeout: 5000 });
    // Two runs followed: each line names its run.
    expect(lines.map((line) => line.split(":")[0])).toEqual([
      expect.stringMatching(/, run run_1$/),
      expect.stringMatching(/, run run_2$/),
    ]);
    await stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(2);
  });
});
