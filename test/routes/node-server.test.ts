// The app as `npm start` serves it on Node's HTTP server: the server sets the secure headers and
// the API's `Vary: Origin` itself, and every answer carries exactly what the app's own middleware
// gives when the app runs without that server (app.request, Vercel).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import { SECURITY_HEADERS, serveApp } from "../../routes/node-server.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "node-server-test-token-0123456789abcdef";
let runtime: TestRuntime | undefined;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await runtime?.close();
  runtime = undefined;
});

async function served(origins = "") {
  runtime = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN, CORS_ALLOWED_ORIGINS: origins },
  });
  const rt = runtime;
  const base = await new Promise<string>((resolve) => {
    server = serveApp(rt, { port: 0, hostname: "127.0.0.1" }, (address: AddressInfo) =>
      resolve(`http://127.0.0.1:${address.port}`),
    );
  });
  return { base, app: createApp(rt) };
}

/** Node's own framing headers, which only a served answer has. */
const TRANSPORT = new Set([
  "date",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
]);

/** The headers both ways of serving must agree on. */
const compared = (headers: Headers) =>
  Object.fromEntries([...headers].filter(([name]) => !TRANSPORT.has(name)));

describe("serveApp", () => {
  it("sets Hono's secure headers, exactly, and Vary: Origin on every answer", async () => {
    const { base, app } = await served();
    const viaMiddleware = await app.request("/health");
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(viaMiddleware.headers.get(name)).toBe(value);
    }
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(compared(res.headers)).toEqual({ vary: "Origin", ...compared(viaMiddleware.headers) });
  });

  it("answers the API, pages, preflights and errors with the headers the app's middleware gives", async () => {
    const { base, app } = await served("https://ops.example.com");
    const auth = { authorization: `Bearer ${TOKEN}` };
    const cases: [string, RequestInit][] = [
      ["/api/emails/pending", { headers: auth }],
      ["/api/emails/pending", { headers: { ...auth, origin: "https://ops.example.com" } }],
      ["/api/emails/pending", { headers: { origin: "https://evil.example.com" } }],
      ["/api/emails/card_nope/approve", { method: "POST", headers: auth, body: "{}" }],
      [
        "/api/emails/pending",
        {
          method: "OPTIONS",
          headers: { origin: "https://ops.example.com", "access-control-request-method": "GET" },
        },
      ],
      ["/sales", {}],
      ["/nope", {}],
      ["/api", {}],
      ["/api?x=1", { headers: { origin: "https://ops.example.com" } }],
      ["/%61pi/emails/pending", { headers: { origin: "https://ops.example.com" } }],
    ];
    for (const [path, init] of cases) {
      const res = await fetch(`${base}${path}`, init);
      const expected = await app.request(path, init);
      expect(res.status, path).toBe(expected.status);
      // The server says every answer varies by Origin; the app says it on /api/*.
      expect(compared(res.headers), `${init.method ?? "GET"} ${path}`).toEqual({
        vary: "Origin",
        ...compared(expected.headers),
      });
      expect(await res.text()).toBe(await expected.text());
    }
  });
});
