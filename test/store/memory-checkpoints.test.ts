// The embedded store's WAL is folded back by its checkpointer thread, not by the commits: under a
// steady stream of commits it stays within the checkpointer's bound (the writer would let it grow
// four times longer before checkpointing by itself), every commit lands, and the database reads
// back whole once closed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TAlert } from "../../lib/alerts/alert-sink.ts";
import { checkpointerStopReporter } from "../../lib/alerts/store-outage.ts";
import { createLogger } from "../../lib/log.ts";
import { CheckpointThread } from "../../lib/store/memory/checkpoint-thread.ts";
import { CommitThread } from "../../lib/store/memory/commit-thread.ts";
import type { Change } from "../../lib/store/memory/journal.ts";
import { SqliteStore } from "../../lib/store/memory/sqlite-store.ts";
import { cleanUp, tempDir } from "./fixtures/temp-stores.ts";

afterEach(cleanUp);

const PAGE = 4096;
const walBytes = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

describe("embedded store checkpoints", () => {
  it("keeps the WAL within the checkpointer's bound while commits go on, and loses nothing", async () => {
    const path = join(tempDir(), "store.db");
    new SqliteStore(path).close();
    const restartPages = 64;
    const thread = new CommitThread(path, {}, { intervalMs: 5, restartPages });
    let largest = 0;
    const keys = 3_000;
    // Each commit writes ~4 KB of new rows: the WAL grows by a page or more per commit.
    for (let i = 0; i < keys; i += 10) {
      const changes: Change[] = Array.from({ length: 10 }, (_, j) => ({
        op: "key",
        key: `k:${i + j}`,
        type: "string",
        value: `${i + j}:${"x".repeat(400)}`,
        expiresAt: null,
      }));
      await thread.commit(changes);
      largest = Math.max(largest, walBytes(path));
      // Leave the checkpointer (which yields to the other threads) a moment now and then, as a
      // real load's gaps do.
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(thread.checkpointerStopped).toBeUndefined();
    // The writer alone would have let it reach 4 × 64 pages before folding it back.
    expect(largest).toBeLessThan(3 * restartPages * PAGE);
    expect(largest).toBeGreaterThan(0);
    await thread.close();
    const reopened = new SqliteStore(path);
    try {
      const records = reopened.load(Date.now());
      expect(records).toHaveLength(keys);
      expect(records.find((r) => r.key === "k:2999")?.stored).toEqual({
        type: "string",
        value: `2999:${"x".repeat(400)}`,
      });
    } finally {
      reopened.close();
    }
    // Closing folded the whole WAL in.
    expect(walBytes(path)).toBe(0);
  });

  it("says why its checkpointer stopped (a log line and a WARNING), and closes whether the thread is alive or already ended", async () => {
    const missing = join(tempDir(), "no-such-dir", "store.db");
    const lines: [string, string][] = [];
    const sent: TAlert[] = [];
    const report = checkpointerStopReporter(
      createLogger({ sink: (level, line) => lines.push([level, line]) }),
      { channel: "log", send: async (alert) => void sent.push(alert) },
    );
    const thread = new CheckpointThread(missing, { intervalMs: 5, restartPages: 64 }, report);
    const deadline = Date.now() + 5_000;
    while (thread.stoppedBecause === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(thread.stoppedBecause).toMatch(/unable to open|no such|cannot/i);
    expect(lines.filter(([level]) => level === "warn")).toHaveLength(1);
    expect(lines[0]?.[1]).toContain("checkpointer thread stopped");
    expect(sent.map((alert) => [alert.severity, alert.title])).toEqual([
      ["WARNING", "Embedded store checkpointer stopped"],
    ]);
    await thread.close();
    // A second close finds the thread ended and does not wait for an answer that cannot come.
    await thread.close();
  });

  it.runIf(process.platform === "linux")(
    "runs its checkpoints at a lower priority than the event loop and the writer",
    async () => {
      const path = join(tempDir(), "store.db");
      new SqliteStore(path).close();
      const niceOf = () =>
        readdirSync("/proc/self/task").map((tid) => {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          // Fields after the command name (which may hold spaces): state is field 3, nice 19.
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
        });
      const thread = new CommitThread(path, {});
      try {
        const deadline = Date.now() + 5_000;
        while (!niceOf().includes(10) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(niceOf()).toContain(10);
        // The event loop's thread and the writer keep the process's priority.
        expect(niceOf().filter((nice) => nice === 0).length).toBeGreaterThan(1);
      } finally {
        await thread.close();
      }
    },
  );
});
