// Sessions behind a proxy and against other sites: the cookie is Secure whenever the request came
// over HTTPS (by X-Forwarded-Proto only with TRUST_PROXY), a sign-in only ever leads to our own
// pages, and signing out is refused to another site's form like every other page action.
import { afterEach, describe, expect, it } from "vitest";
import { AUTH_FAILURE_LIMIT } from "../../lib/store/auth-failures.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "hardening-dashboard-token-0123456789";
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function appWith(env: Record<string, string> = {}) {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN, ...env } });
  return createApp(runtime);
}

const login = (app: ReturnType<typeof createApp>, headers: Record<string, string> = {}) =>
  app.request("http://app.example/sales/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token: TOKEN, name: "Dana Reyes" }).toString(),
  });

describe("the session cookie", () => {
  it("is Secure behind a TLS proxy only when TRUST_PROXY says to believe it", async () => {
    const trusting = await appWith({ TRUST_PROXY: "true" });
    const viaProxy = await login(trusting, { "x-forwarded-proto": "https" });
    expect(viaProxy.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    const plain = await login(trusting);
    expect(plain.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
    await runtime?.close();
    const untrusting = await appWith();
    const spoofed = await login(untrusting, { "x-forwarded-proto": "https" });
    expect(spoofed.headers.get("set-cookie")).not.toMatch(/;\s*Secure/i);
  });
});

describe("the page after signing in", () => {
  it("is one of ours: another site or an unknown page signs in to /sales instead of failing", async () => {
    const app = await appWith();
    const signIn = (next: string) =>
      app.request("http://app.example/sales/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: TOKEN, name: "Dana Reyes", next }).toString(),
      });
    for (const next of ["https://evil.example/phish", "//evil.example", "/nowhere", ""]) {
      const res = await signIn(next);
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe("/sales");
      expect(res.headers.get("set-cookie"), next).toMatch(/^as_session=|session/);
    }
    expect((await signIn("/operator")).headers.get("location")).toBe("/operator");
  });
});

describe("signing out", () => {
  it("is refused to another site's form and allowed from the page itself", async () => {
    const app = await appWith();
    const cookie = (await login(app)).headers.get("set-cookie")?.split(";")[0] ?? "";
    const logout = (headers: Record<string, string>) =>
      app.request("http://app.example/sales/logout", {
        method: "POST",
        headers: { cookie, ...headers },
      });
    expect((await logout({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await logout({ origin: "https://evil.example" })).status).toBe(403);
    expect((await logout({})).status).toBe(403);
    const page = await app.request("http://app.example/sales", { headers: { cookie } });
    expect(await page.text()).toContain('id="queue-list"');
    const own = await logout({ "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(303);
    const after = await app.request("http://app.example/sales", { headers: { cookie } });
    expect(await after.text()).toContain('id="login-form"');
  });
});

describe("failed sign-ins and bearer checks", () => {
  it("are limited per client address with 429 + Retry-After, never refusing the right token", async () => {
    const app = await appWith({ TRUST_PROXY: "true" });
    const api = (token: string, client: string) =>
      app.request("http://app.example/api/rejection-tags", {
        headers: { authorization: `Bearer ${token}`, "x-forwarded-for": client },
      });
    const wrong = "not-the-token-0123456789abcdef";
    for (let i = 0; i < AUTH_FAILURE_LIMIT; i++)
      expect((await api(wrong, "203.0.113.7")).status).toBe(401);
    const limited = await api(wrong, "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await api(TOKEN, "203.0.113.7")).status).toBe(200);
    expect((await api(wrong, "198.51.100.9")).status).toBe(401);
    const form = await app.request("http://app.example/sales/login", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "203.0.113.7",
      },
      body: new URLSearchParams({ token: wrong, name: "Mallory" }).toString(),
    });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain("Too many failed sign-ins");
    const right = await login(app, { "x-forwarded-for": "203.0.113.7" });
    expect(right.status).toBe(303);
    expect(right.headers.get("set-cookie")).toMatch(/as_session=/);
  });
});
