// `npm run token -- --rotate`: a fresh token printed once; the old token and its sessions stop
// working; refused, naming why, when the token comes from DASHBOARD_AUTH_TOKEN or nothing is asked.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveDashboardToken, tokenDigest } from "../../lib/safety/dashboard-token.ts";
import { openStore } from "../../lib/store/index.ts";
import { createSessionRepo } from "../../lib/store/session-repo.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const token = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["routes/entry/token.ts", ...args], {
    cwd: join(import.meta.dirname, "..", ".."),
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });

describe("npm run token", () => {
  it("rotates the generated token: the new one is printed once, the old one and its sessions end", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-token-"));
    dirs.push(dataDir);
    let store = await openStore({ DATA_DIR: join(dataDir, "store") });
    const first = await resolveDashboardToken(undefined, store.redis);
    const session = await createSessionRepo(store.redis, first.digest).create(
      "Head of Sales",
      new Date(),
    );
    await store.close();

    const result = token(["--rotate"], { DATA_DIR: dataDir });
    expect(result.status).toBe(0);
    const fresh =
      /New dashboard token \(shown this once[^)]*\): (\S+)/.exec(result.stdout)?.[1] ?? "";
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(fresh).not.toBe(first.generated);

    store = await openStore({ DATA_DIR: join(dataDir, "store") });
    try {
      const now = await resolveDashboardToken(undefined, store.redis);
      expect(now.digest.equals(tokenDigest(fresh))).toBe(true);
      expect(now.digest.equals(first.digest)).toBe(false);
      expect(await createSessionRepo(store.redis, now.digest).get(session)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it.each([
    [[], {}, /nothing to do: pass --rotate/],
    [["--frobnicate"], {}, /Unknown option '--frobnicate'/],
    [
      ["--rotate"],
      { DASHBOARD_AUTH_TOKEN: "env-token-0123456789abcdefgh" },
      /comes from DASHBOARD_AUTH_TOKEN/,
    ],
  ])("refuses %j, naming why", (args, env, message) => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-token-"));
    dirs.push(dataDir);
    const result = token(args, { DATA_DIR: dataDir, ...env });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toContain("New dashboard token");
  });
});
