// npm run smoke:auth against a live app: every /api route refuses no token and a wrong token and
// accepts the right one; the route list covers every /api route the app has.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { smokeAuth } from "../../lib/cli/smoke-auth.ts";
import { API_ROUTES, routePattern } from "../../lib/http/api-routes.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "smoke-dashboard-token-0123456789abcdef";
let runtime: TestRuntime | undefined;
let server: ServerType | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await runtime?.close();
  runtime = undefined;
});

async function live(): Promise<string> {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  const app = createApp(runtime);
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });
}

describe("smoke:auth", () => {
  it("covers every /api route of the app", async () => {
    runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
    const appRoutes = createApp(runtime)
      .routes.filter(
        (r) => r.path.startsWith("/api/") && r.path !== "/api/*" && r.path !== "/api/inngest",
      )
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path}`);
    const listed = API_ROUTES.map((r) => `${r.method} ${routePattern(r.path)}`);
    expect(new Set(listed)).toEqual(new Set(appRoutes));
  });

  it("passes every check against a live app with the right token, and changes nothing", async () => {
    const base = await live();
    const checks = await smokeAuth(base, TOKEN);
    expect(checks).toHaveLength(API_ROUTES.length * 3);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(await runtime?.repos.runs.recentIds()).toEqual([]);
  });

  it("fails when the token it is given is not the app's", async () => {
    const base = await live();
    const checks = await smokeAuth(base, "not-the-token-0123456789abcdef");
    expect(
      // Refused: 401, or 429 once the wrong tokens passed the per-address limit (50 in 15 min).
      checks
        .filter((c) => c.as === "right token")
        .every((c) => !c.ok && (c.status === 401 || c.status === 429)),
    ).toBe(true);
  });

  it("exits zero when every check passes and non-zero on any failure", async () => {
    const base = await live();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["lib/cli/smoke-auth.ts", ...args], {
          cwd: join(import.meta.dirname, "..", ".."),
          env: { PATH: process.env.PATH ?? "" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
        });
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
      });
    const good = await run(["--base-url", base, "--token", TOKEN]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`${API_ROUTES.length * 3} passed, 0 failed`);
    const bad = await run(["--base-url", base, "--token", "wrong-token-0123456789abcdefgh"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL {2}GET {3}\/api\/emails\/pending\s+right token → 401/);
    const usage = await run(["--base-url", base]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--token");
  });
});
