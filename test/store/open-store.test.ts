// openStore: transport selection by environment, clear configuration errors without secrets, and
// the Upstash REST transport answering through msw (an Upstash-shaped HTTP API, no real network).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createMemoryRequester,
  DEFAULT_DATA_DIR,
  openStore,
  resolveStoreConfig,
  type Store,
  StoreConfigError,
  StoreUnavailableError,
} from "../../lib/store/index.ts";
import { redactUrl } from "../../lib/store/redact.ts";
import { NO_REDIS_REASON, testRedisUrl } from "../support/redis.ts";

const UPSTASH_URL = "https://eu1-fake-store.upstash.io";
const TOKEN = "AXsecret-upstash-token-123";

/** An Upstash REST look-alike: the embedded interpreter behind `/`, `/pipeline`, `/multi-exec`. */
const backend = createMemoryRequester();
const calls: { path: string; authorization: string | null; body: unknown }[] = [];

function encode(value: unknown, base64: boolean): unknown {
  if (!base64) return value;
  if (typeof value === "string") return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map((item) => encode(item, base64));
  return value;
}

const upstashApi = http.post(`${UPSTASH_URL}/*`, async ({ request }) => {
  const path = new URL(request.url).pathname.split("/").filter(Boolean);
  const body = await request.json();
  calls.push({
    path: `/${path.join("/")}`,
    authorization: request.headers.get("authorization"),
    body,
  });
  const base64 = request.headers.get("upstash-encoding") === "base64";
  try {
    const reply = await backend.requester.request(path.length === 0 ? { body } : { path, body });
    if (Array.isArray(reply)) {
      return HttpResponse.json(
        reply.map((entry: { result?: unknown; error?: string }) =>
          entry.error === undefined ? { result: encode(entry.result, base64) } : entry,
        ),
      );
    }
    if (reply.error !== undefined)
      return HttpResponse.json({ error: reply.error }, { status: 400 });
    return HttpResponse.json({ result: encode(reply.result, base64) });
  } catch (error) {
    return HttpResponse.json({ error: (error as Error).message }, { status: 400 });
  }
});

const server = setupServer(upstashApi);
const dirs: string[] = [];
const stores: Store[] = [];

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  calls.length = 0;
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(async () => {
  server.close();
  await backend.close();
});

async function opened(store: Promise<Store>): Promise<Store> {
  const value = await store;
  stores.push(value);
  return value;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "as-open-store-"));
  dirs.push(dir);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as Error,
  );
}

describe("openStore transport selection", () => {
  it("opens the embedded store in DATA_DIR when no Redis is configured", async () => {
    const dir = tempDir();
    const store = await opened(openStore({ DATA_DIR: dir }));
    expect(store.transport).toBe("embedded");
    expect(store.durable).toBe(true);
    expect(store.describe).toBe(`embedded (file ${dir}, single process)`);
    await store.redis.set("greeting", "hi");
    await store.close();
    const again = await opened(openStore({ DATA_DIR: dir, REDIS_URL: "" }));
    expect(await again.redis.get("greeting")).toBe("hi");
  });

  it("defaults the embedded directory to .data/store and treats blank variables as unset", () => {
    expect(DEFAULT_DATA_DIR).toBe(".data/store");
    expect(
      resolveStoreConfig({
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        REDIS_URL: "",
      }),
    ).toEqual({ transport: "embedded", dataDir: ".data/store" });
  });

  it("uses the injected clock for the embedded store's TTLs", async () => {
    let time = Date.UTC(2026, 0, 1);
    const store = await opened(openStore({ DATA_DIR: tempDir() }, { now: () => time }));
    await store.redis.set("k", "v", { ex: 10 });
    time += 10_001;
    expect(await store.redis.get("k")).toBeNull();
  });

  it("prefers Upstash when both of its variables are set, even with REDIS_URL present", () => {
    expect(
      resolveStoreConfig({
        UPSTASH_REDIS_REST_URL: UPSTASH_URL,
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
        REDIS_URL: "redis://127.0.0.1:6379",
      }),
    ).toEqual({ transport: "upstash", url: UPSTASH_URL, token: TOKEN, timeoutMs: 2000 });
    expect(
      resolveStoreConfig({ REDIS_URL: "rediss://h.example.com:6380", STORE_TIMEOUT_MS: "750" }),
    ).toEqual({ transport: "redis", url: "rediss://h.example.com:6380", timeoutMs: 750 });
  });

  const redisUrl = testRedisUrl();
  it.skipIf(redisUrl === undefined)(
    `opens Redis over TCP when REDIS_URL is set (${redisUrl === undefined ? NO_REDIS_REASON : "redis-server"})`,
    async () => {
      const store = await opened(openStore({ REDIS_URL: redisUrl, DATA_DIR: tempDir() }));
      expect(store.transport).toBe("redis");
      expect(store.durable).toBe(true);
      expect(store.describe).toBe(`redis (${redactUrl(redisUrl ?? "")})`);
      expect(await store.redis.ping()).toBe("PONG");
    },
  );
});

describe("openStore configuration errors", () => {
  it("names the missing variable when Upstash is half configured, without the token", async () => {
    const noUrl = await failure(openStore({ UPSTASH_REDIS_REST_TOKEN: TOKEN }));
    expect(noUrl).toBeInstanceOf(StoreConfigError);
    expect(noUrl.message).toContain("UPSTASH_REDIS_REST_URL is missing");
    expect(noUrl.message).not.toContain(TOKEN);
    const noToken = await failure(openStore({ UPSTASH_REDIS_REST_URL: UPSTASH_URL }));
    expect(noToken.message).toContain("UPSTASH_REDIS_REST_TOKEN is missing");
  });

  it("rejects invalid URLs by variable name without echoing their value or the token", async () => {
    const badUpstash = await failure(
      openStore({
        UPSTASH_REDIS_REST_URL: "ftp://admin:pa55word@files.example.com",
        UPSTASH_REDIS_REST_TOKEN: TOKEN,
      }),
    );
    expect(badUpstash).toBeInstanceOf(StoreConfigError);
    expect(badUpstash.message).toBe(
      "Store configuration: UPSTASH_REDIS_REST_URL must be an http(s) URL",
    );
    const badRedis = await failure(openStore({ REDIS_URL: "https://:pa55word@cache.example.com" }));
    expect(badRedis.message).toBe(
      "Store configuration: REDIS_URL must be a redis:// or rediss:// URL",
    );
    const badTimeout = await failure(
      openStore({ REDIS_URL: "redis://127.0.0.1:6379", STORE_TIMEOUT_MS: "soon" }),
    );
    expect(badTimeout.message).toBe("Store configuration: STORE_TIMEOUT_MS is invalid");
    const notUrl = await failure(openStore({ REDIS_URL: "not a url pa55word" }));
    expect(notUrl.message).not.toContain("pa55word");
  });

  it("fails fast on an unreachable Redis without printing its password", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 1));
      });
    });
    const error = await failure(openStore({ REDIS_URL: `redis://:s3cr3t-pw@127.0.0.1:${port}` }));
    expect(error.message).toContain(`redis://:***@127.0.0.1:${port}`);
    expect(error.message).not.toContain("s3cr3t-pw");
    const printed = warn.mock.calls.flat().map(String).join("\n");
    expect(printed).not.toContain("s3cr3t-pw");
  });
});

describe("openStore on Upstash REST", () => {
  it("sends commands, pipelines and transactions to the REST API with the token", async () => {
    const store = await opened(
      openStore({ UPSTASH_REDIS_REST_URL: UPSTASH_URL, UPSTASH_REDIS_REST_TOKEN: TOKEN }),
    );
    expect(store.transport).toBe("upstash");
    expect(store.durable).toBe(true);
    expect(store.describe).toBe(`upstash (REST ${UPSTASH_URL})`);
    expect(store.describe).not.toContain(TOKEN);

    expect(await store.redis.set("lead:1", { name: "Ada", score: 90 })).toBe("OK");
    // Replies come as stored (no automatic deserialisation): repositories parse them once.
    expect(await store.redis.get("lead:1")).toBe('{"name":"Ada","score":90}');
    expect(await store.redis.incr("count")).toBe(1);
    await store.redis.hset("h", { a: "x", b: 2 });
    expect(await store.redis.hgetall("h")).toEqual(["a", "x", "b", "2"]);
    expect(await store.redis.pipeline().incr("count").get("count").exec()).toEqual([2, "2"]);
    expect(await store.redis.multi().incr("count").sadd("s", "m").exec()).toEqual([3, 1]);
    await expect(store.redis.incr("lead:1")).rejects.toThrow(
      /^ERR value is not an integer or out of range, command was: /,
    );

    expect(calls.map((call) => call.path)).toEqual([
      "/",
      "/",
      "/",
      "/",
      "/",
      "/pipeline",
      "/multi-exec",
      "/",
    ]);
    expect(calls[0]?.body).toEqual(["set", "lead:1", '{"name":"Ada","score":90}']);
    for (const call of calls) expect(call.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("openStore on an Upstash REST API that fails", () => {
  const env = {
    UPSTASH_REDIS_REST_URL: UPSTASH_URL,
    UPSTASH_REDIS_REST_TOKEN: TOKEN,
    STORE_TIMEOUT_MS: "300",
  };
  const unavailable = async (store: Store) => {
    const started = Date.now();
    const error = await failure(store.redis.get("k"));
    return { error, ms: Date.now() - started };
  };

  it("answers StoreUnavailableError within the timeout when the API hangs", async () => {
    server.use(http.post(`${UPSTASH_URL}/*`, () => new Promise<Response>(() => {})));
    const store = await opened(openStore(env));
    const { error, ms } = await unavailable(store);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe(`Upstash at ${UPSTASH_URL}: did not answer within 300 ms`);
    expect(ms).toBeLessThan(1000);
  });

  it("retries an unreachable API with back-off, then says it is unreachable", async () => {
    let attempts = 0;
    server.use(
      http.post(`${UPSTASH_URL}/*`, () => {
        attempts += 1;
        return HttpResponse.error();
      }),
    );
    const store = await opened(openStore({ ...env, STORE_TIMEOUT_MS: "2000" }));
    const { error } = await unavailable(store);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(/^Upstash at https:\/\/eu1-fake-store\.upstash\.io: unreachable/);
    expect(attempts).toBe(4);
  });

  it("recovers by itself once the API answers again", async () => {
    let down = true;
    server.use(http.post(`${UPSTASH_URL}/*`, () => (down ? HttpResponse.error() : undefined)));
    const store = await opened(openStore(env));
    expect((await unavailable(store)).error).toBeInstanceOf(StoreUnavailableError);
    down = false;
    expect(await store.redis.set("back", "yes")).toBe("OK");
    expect(await store.redis.get("back")).toBe("yes");
  });

  it("reports a refused token or a server error as unavailable, without the token", async () => {
    server.use(
      http.post(`${UPSTASH_URL}/*`, () =>
        HttpResponse.json({ error: `Unauthorized: ${TOKEN}` }, { status: 401 }),
      ),
    );
    const store = await opened(openStore(env));
    const refused = (await unavailable(store)).error;
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(refused.message).toContain("the token was refused (HTTP 401)");
    expect(refused.message).not.toContain(TOKEN);
    server.use(
      http.post(
        `${UPSTASH_URL}/*`,
        () => new HttpResponse("<html>bad gateway</html>", { status: 502 }),
      ),
    );
    const gateway = (await unavailable(store)).error;
    expect(gateway).toBeInstanceOf(StoreUnavailableError);
    expect(gateway.message).toBe(`Upstash at ${UPSTASH_URL}: answered HTTP 502`);
  });
});
