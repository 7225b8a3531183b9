// A real crash: a child process writing to the embedded store is killed with SIGKILL mid-stream;
// reopening must not fail and must hold a prefix of the writes that includes every acknowledged
// one, transactions whole (the data lives in sqlite's database and WAL, nothing else).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "@upstash/redis";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryRequester } from "../../lib/store/memory-requester.ts";

const writer = join(import.meta.dirname, "fixtures", "crash-writer.ts");
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the writer until it has acknowledged `target` writes, then kills it without warning. */
async function writeThenKill(dataDir: string, target: number): Promise<number> {
  const child = spawn(process.execPath, [writer, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  let acknowledged = 0;
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk.toString();
  });
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = chunk.toString().trim().split("\n");
    acknowledged = Math.max(acknowledged, Number(lines.at(-1)));
    if (acknowledged >= target) child.kill("SIGKILL");
  });
  const [code, signal] = await once(child, "exit");
  if (signal !== "SIGKILL") throw new Error(`writer exited with ${code}: ${errors}`);
  return acknowledged;
}

describe("embedded store after a SIGKILL", () => {
  it("reopens with every acknowledged write and no half transaction", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-crash-"));
    dirs.push(dataDir);
    let acknowledged = 0;
    for (const target of [150, 400, 700]) {
      acknowledged = await writeThenKill(dataDir, target);
      expect(readdirSync(dataDir)).toContain("store.db-wal");
      expect(acknowledged).toBeGreaterThanOrEqual(target);
      const memory = createMemoryRequester({ dataDir });
      const redis = new Redis(memory.requester);
      const count = Number(await redis.get("count"));
      expect(count).toBeGreaterThanOrEqual(acknowledged);
      expect(await redis.get(`item:${count}`)).toEqual({
        i: count,
        payload: "x".repeat(count % 200),
      });
      expect(await redis.exists(`item:${count + 1}`)).toBe(0);
      expect(await redis.lrange<number>("order", 0, -1)).toEqual(
        Array.from({ length: count }, (_, i) => i + 1),
      );
      const last = Number(await redis.get("last"));
      expect(last).toBeGreaterThanOrEqual(acknowledged);
      expect([count - 1, count]).toContain(last);
      await memory.close();
    }
  });
});
