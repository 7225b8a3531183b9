// `npm start` as a user runs it: a real process serving on PORT with no configuration, printing
// the URL, engine, store and what is not durable; state written before a restart is still there.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setEmergencySwitch } from "../../lib/safety/emergency-stop.ts";
import { openStore } from "../../lib/store/index.ts";

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Starts the app like `npm start` does and resolves once it prints its URL. */
async function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["lib/cli/start.ts"], {
    cwd: join(import.meta.dirname, "..", ".."),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line:\n${output}`)), 15_000);
    const check = () => {
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

describe("npm start", () => {
  it("serves on PORT with no configuration and says what it runs on", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-start-"));
    dirs.push(dataDir);
    const port = await freePort();
    const { child, output } = await start({ PORT: String(port), DATA_DIR: dataDir });
    expect(output()).toContain(`listening on http://localhost:${port}`);
    expect(output()).toMatch(/engine: embedded/);
    expect(output()).toMatch(/store: {2}embedded \(file /);
    expect(output()).toMatch(/not durable: .*do not survive a restart/);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({ status: "ok", engine: "embedded", store: "embedded" });
    expect(await stop(child)).toBe(0);
  });

  it("keeps the store's state across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "as-start-"));
    dirs.push(dataDir);
    const store = await openStore({ DATA_DIR: join(dataDir, "store") });
    await setEmergencySwitch(store.redis, { on: true, by: "operator", reason: "test" });
    await store.close();
    const port = await freePort();
    const { child } = await start({ PORT: String(port), DATA_DIR: dataDir });
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health.emergencyStop).toBe(true);
    expect(await stop(child)).toBe(0);
  });

  it("refuses to start on a bad setting, naming it", async () => {
    const child = spawn(process.execPath, ["lib/cli/start.ts"], {
      cwd: join(import.meta.dirname, "..", ".."),
      env: { PATH: process.env.PATH ?? "", PORT: "not-a-port", DASHBOARD_AUTH_TOKEN: "short" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("Cannot start: Environment is invalid");
    expect(stderr).toContain("PORT:");
    expect(stderr).toContain("DASHBOARD_AUTH_TOKEN: expected at least 24 characters");
    expect(stderr).not.toContain("short\n");
  });
});
