// Signing in to /sales: the token (constant-time check) and a name start a session in an
// HttpOnly, SameSite=Strict cookie; the page's API calls ride on it, and changes also need the
// page's own header, so another site cannot use the cookie.
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { tokenDigest } from "../../lib/safety/dashboard-token.ts";
import { createSessionRepo } from "../../lib/store/session-repo.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "session-dashboard-token-0123456789ab";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function setup() {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 4 }, "test");
  await runtime.engine?.runUntilIdle();
  return { rt: runtime, app: createApp(runtime) };
}

const login = (app: ReturnType<typeof createApp>, token: string, name = "Dana Reyes") =>
  app.request("/sales/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token, name }).toString(),
  });

describe("/sales sign-in", () => {
  it("refuses a wrong token without a cookie", async () => {
    const { app } = await setup();
    const res = await login(app, "wrong-token");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sales?error=bad_token");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("starts a session in an HttpOnly SameSite=Strict cookie that the page's API calls use", async () => {
    const { app } = await setup();
    const res = await login(app, TOKEN);
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^as_session=[A-Za-z0-9_-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const session = cookie.split(";")[0] ?? "";

    const pending = await app.request("/api/emails/pending", { headers: { cookie: session } });
    expect(pending.status).toBe(200);
    const [card] = (await pending.json()).cards;

    const forged = await app.request(`/api/emails/${card.id}/approve`, {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json" },
      body: "{}",
    });
    expect(forged.status).toBe(403);

    const approved = await app.request(`/api/emails/${card.id}/approve`, {
      method: "POST",
      headers: {
        cookie: session,
        "content-type": "application/json",
        "x-requested-with": "alpha-swarm",
      },
      body: "{}",
    });
    expect(approved.status).toBe(200);
    expect((await approved.json()).card.decision.by).toBe("Dana Reyes");

    const out = await app.request("/sales/logout", {
      method: "POST",
      headers: { cookie: session, "sec-fetch-site": "same-origin" },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/as_session=;.*Max-Age=0/);
    expect(
      (await app.request("/api/emails/pending", { headers: { cookie: session } })).status,
    ).toBe(401);
  });

  it("ends every session when the dashboard token changes", async () => {
    const { rt, app } = await setup();
    const session = (await login(app, TOKEN)).headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(
      (await app.request("/api/emails/pending", { headers: { cookie: session } })).status,
    ).toBe(200);
    // The same store, restarted with a rotated DASHBOARD_AUTH_TOKEN.
    const digest = tokenDigest("rotated-dashboard-token-0123456789");
    const rotated = createApp({
      ...rt,
      dashboardToken: { digest, source: "env", generated: null },
      repos: { ...rt.repos, sessions: createSessionRepo(rt.store.redis, digest) },
    });
    expect(
      (await rotated.request("/api/emails/pending", { headers: { cookie: session } })).status,
    ).toBe(401);
    expect(
      (await app.request("/api/emails/pending", { headers: { cookie: session } })).status,
    ).toBe(200);
  });

  it("sends a form with missing fields back to the page", async () => {
    const { app } = await setup();
    const res = await app.request("/sales/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sales?error=missing_fields");
  });
});
