// JSON bodies over a real socket (the Node server reads them straight from the message): parsed
// when valid, 400 when not JSON, 415 when not declared JSON, 413 past 64 KiB whether the size is
// declared or the body arrives in chunks of unknown total length.
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../routes/app.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "json-body-token-0123456789abcdef";
const MISSING = "/api/emails/card_00000000000000000000";
let runtime: TestRuntime;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  runtime = await createTestRuntime({ rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN } });
  const app = createApp(runtime);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});

const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

/** Sends `parts` one chunk at a time (Transfer-Encoding: chunked, no Content-Length). */
function sendChunked(path: string, parts: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: "PATCH", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    for (const part of parts) req.write(part);
    req.end();
  });
}

describe("JSON bodies on the Node server", () => {
  it("reads a valid body (the card is then looked up), refuses broken JSON with 400", async () => {
    const ok = await fetch(`${base}${MISSING}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ body: "Hello there" }),
    });
    expect(ok.status).toBe(404);
    const broken = await fetch(`${base}${MISSING}`, { method: "PATCH", headers, body: "{ nope" });
    expect(broken.status).toBe(400);
    const extra = await fetch(`${base}${MISSING}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ colour: "red" }),
    });
    expect(extra.status).toBe(400);
    expect((await extra.json()).detail).toMatch(/colour/);
  });

  it("refuses a body not declared JSON with 415", async () => {
    const res = await fetch(`${base}${MISSING}`, {
      method: "PATCH",
      headers: { ...headers, "content-type": "text/plain" },
      body: "{}",
    });
    expect(res.status).toBe(415);
  });

  it("refuses more than 64 KiB with 413, declared or chunked, and keeps serving", async () => {
    const big = JSON.stringify({ body: "x".repeat(70_000) });
    const declared = await fetch(`${base}${MISSING}`, { method: "PATCH", headers, body: big });
    expect(declared.status).toBe(413);
    const chunked = await sendChunked(
      MISSING,
      Array.from({ length: 20 }, () => "x".repeat(4096)),
    );
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toBe("payload_too_large");
    const smallChunked = await sendChunked(MISSING, ['{"body":', '"Hi"}']);
    expect(smallChunked.status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it("reads a body that starts with a byte order mark, and survives a client that leaves mid-body", async () => {
    const withBom = await fetch(`${base}${MISSING}`, {
      method: "PATCH",
      headers,
      body: `\ufeff${JSON.stringify({ body: "Hello there" })}`,
    });
    expect(withBom.status).toBe(404);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${base}${MISSING}`, {
        method: "PATCH",
        headers: { ...headers, "content-length": "100" },
      });
      req.on("error", () => resolve());
      req.write('{"body": "cut');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
