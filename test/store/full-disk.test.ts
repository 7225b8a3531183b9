// The embedded store on a real full disk: a small tmpfs mounted in a private mount namespace
// (skipped where the machine does not allow one). An edit the disk cannot hold answers 503
// store_unavailable and changes nothing; reads still answer; once space is freed the next edit
// is saved, and a restart finds exactly the acknowledged edits.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "as-tmpfs-probe-"));
  try {
    const probe = spawnSync(
      "unshare",
      ["-rm", "sh", "-c", `mount -t tmpfs -o size=1m tmpfs '${dir}'`],
      { stdio: "ignore" },
    );
    return probe.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tmpfs = canMountTmpfs();

describe("the embedded store on a full disk", () => {
  it.skipIf(!tmpfs)(
    `refuses what the disk cannot hold with 503, keeps what it acknowledged (${tmpfs ? "8 MiB tmpfs" : "skipped: this machine cannot mount a tmpfs in a user namespace"})`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "as-full-disk-"));
      dirs.push(dir);
      const child = spawn(
        "unshare",
        [
          "-rm",
          "sh",
          "-c",
          `mount -t tmpfs -o size=8m tmpfs "$1" && exec "$2" test/store/full-disk/child.ts "$1"`,
          "sh",
          dir,
          process.execPath,
        ],
        { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      // The disk filled up after some edits were saved; the one it could not hold was refused.
      expect(result.refused.status).toBe(503);
      expect(result.refused.json.error).toBe("store_unavailable");
      expect(result.refused.json.detail).toMatch(/database or disk is full/);
      // Nothing of the refused edit shows: the card and its audit trail stand as acknowledged.
      expect(result.whileFull.isLastOk || result.okEdits === 0).toBe(true);
      expect(result.whileFull.edits).toBe(result.okEdits);
      // Reading still works on a full disk.
      expect(result.whileFull.readUnreviewed).toBe(200);
      expect(result.whileFull.pending).toBe(200);
      // Space freed: the next edit is saved without a restart; a restart keeps it exactly once.
      expect(result.afterFreeing).toBe(200);
      expect(result.afterRestart).toEqual({
        body: expect.any(String),
        edits: result.okEdits + 1,
        isFinal: true,
      });
    },
    60_000,
  );
});
