// The Hono app's foundation: /health without auth, JSON errors and 404s, CORS allow-list, secure
// headers, and /api/inngest in each engine mode.
import { afterEach, describe, expect, it } from "vitest";
import { setEmergencySwitch } from "../../lib/safety/emergency-stop.ts";
import { VERSION } from "../../lib/version.ts";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe("GET /health", () => {
  it("answers without auth with engine, store, emergency stop, deliverability guard and version", async () => {
    runtime = await createTestRuntime();
    const res = await createApp(runtime).request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      engine: "embedded",
      store: "embedded",
      emergencyStop: false,
      deliverabilityGuard: false,
      version: VERSION,
    });
  });

  it("reports the emergency stop from env and from the runtime switch", async () => {
    runtime = await createTestRuntime({ rawEnv: { EMERGENCY_STOP: "true" } });
    expect(await (await createApp(runtime).request("/health")).json()).toMatchObject({
      emergencyStop: true,
    });
    await runtime.close();
    runtime = await createTestRuntime();
    const app = createApp(runtime);
    await setEmergencySwitch(runtime.store.redis, {
      on: true,
      by: "operator",
      reason: "bounce spike",
    });
    expect(await (await app.request("/health")).json()).toMatchObject({ emergencyStop: true });
  });

  it("sets secure headers", async () => {
    runtime = await createTestRuntime();
    const res = await createApp(runtime).request("/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });
});

describe("errors", () => {
  it("answers unknown routes with a JSON 404", async () => {
    runtime = await createTestRuntime();
    const res = await createApp(runtime).request("/nope?x=1", { method: "POST" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "not_found", detail: "No route for POST /nope" });
  });

  it("turns an unexpected error into a JSON 500 that hides internals", async () => {
    runtime = await createTestRuntime();
    const app = createApp(runtime);
    app.get("/boom", () => {
      throw new Error("database password is hunter2");
    });
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error).toBe("internal_error");
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(
      runtime.logs.some(([level, line]) => level === "error" && line.includes("GET /boom")),
    ).toBe(true);
  });
});

describe("CORS", () => {
  it("allows only configured origins", async () => {
    runtime = await createTestRuntime({
      rawEnv: { CORS_ALLOWED_ORIGINS: "https://ops.example.com" },
    });
    const app = createApp(runtime);
    const preflight = (origin: string) =>
      app.request("/api/inngest", {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
      });
    const allowed = await preflight("https://ops.example.com");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-methods")).toBe(
      "GET,POST,PATCH,DELETE,OPTIONS",
    );
    expect(allowed.headers.get("access-control-allow-headers")).toBe(
      "Authorization,Content-Type,X-Actor,X-Requested-With",
    );
    expect(allowed.headers.get("access-control-max-age")).toBe("600");
    expect(allowed.headers.get("vary")).toContain("Origin");
    expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
    const refused = await preflight("https://evil.example.com");
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();

    // Actual requests: the allowed origin is named, every answer varies by Origin and keeps the
    // secure headers, and its body arrives whole.
    const get = (origin: string) =>
      app.request("/api/emails/pending", { headers: { Origin: origin } });
    const fromOps = await get("https://ops.example.com");
    expect(fromOps.status).toBe(401);
    expect(fromOps.headers.get("access-control-allow-origin")).toBe("https://ops.example.com");
    expect(fromOps.headers.get("vary")).toBe("Origin");
    expect(fromOps.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(((await fromOps.json()) as { error: string }).error).toBe("unauthorized");
    const fromEvil = await get("https://evil.example.com");
    expect(fromEvil.headers.get("access-control-allow-origin")).toBeNull();
    expect(fromEvil.headers.get("vary")).toBe("Origin");
  });
});

describe("/api/inngest", () => {
  it("on the embedded engine lists the functions and refuses calls", async () => {
    runtime = await createTestRuntime();
    const app = createApp(runtime);
    const res = await app.request("/api/inngest");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.engine).toBe("embedded");
    expect(body.functions).toContain("send-alert");
    expect((await app.request("/api/inngest", { method: "PUT" })).status).toBe(409);
  });

  it("with Inngest Cloud keys reports inngest-cloud and refuses unsigned calls", async () => {
    runtime = await createTestRuntime({
      rawEnv: {
        INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef0123456789abcdef",
        INNGEST_EVENT_KEY: "event-key-0123456789",
      },
    });
    expect(runtime.engineMode).toBe("inngest-cloud");
    expect(runtime.engine).toBeNull();
    const app = createApp(runtime);
    expect(await (await app.request("/health")).json()).toMatchObject({ engine: "inngest-cloud" });
    const unsigned = await app.request("/api/inngest", { method: "POST", body: "{}" });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(unsigned.status).toBeLessThan(500);
  });

  it("with INNGEST_DEV serves the functions for Inngest to call", async () => {
    runtime = await createTestRuntime({ rawEnv: { INNGEST_DEV: "1" } });
    expect(runtime.engineMode).toBe("inngest-dev");
    expect(runtime.engine).toBeNull();
    const res = await createApp(runtime).request("/api/inngest");
    expect(res.status).toBe(200);
    const body = await res.json();
    // Inngest counts each onFailure handler as a function of its own.
    const failureHandlers = runtime.functions.filter((fn) => fn.opts.onFailure).length;
    expect(body.function_count).toBe(runtime.functions.length + failureHandlers);
    expect(body.mode).toBe("dev");
  });
});
