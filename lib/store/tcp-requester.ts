// The Redis-over-TCP transport: an @upstash/redis Requester backed by node-redis speaking RESP2,
// with a command timeout (a frozen server fails requests instead of hanging them) and reconnection
// with back-off (a dead server fails requests at once until it is back, then work resumes).
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { createClient, ErrorReply, MultiErrorReply } from "redis";
import { createDeadlines, DEFAULT_STORE_TIMEOUT_MS, reconnectDelay } from "./deadline.ts";
import { type ReachabilityListener, reachabilityTracker } from "./reachability.ts";
import { redactSecrets, redactUrl, urlSecrets } from "./redact.ts";
import { StoreUnavailableError } from "./store-unavailable.ts";
import { toUpstashResult } from "./tcp-reply.ts";
import { type Argv, decodeRequest, requestRejected, type UpstashEntry } from "./upstash-request.ts";

/** A Requester over one TCP connection, and the way to close that connection. */
export type TcpRequester = { requester: Requester; close(): Promise<void> };

/** Options of {@link createTcpRequester}. */
export type TcpRequesterOptions = {
  /** Milliseconds a request may take, connecting included (default 2000). */
  timeoutMs?: number;
  /** Told when the server becomes unreachable and when it answers again (default: console.warn). */
  onReachability?: ReachabilityListener;
};

type Client = ReturnType<typeof createClient>;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

function entryFor(reply: unknown): UpstashEntry {
  if (reply instanceof ErrorReply) return { error: reply.message };
  return { result: toUpstashResult(reply) };
}

/**
 * Creates a Requester that sends @upstash/redis's commands to a Redis server at `url`
 * (`redis://` or `rediss://`). Every request must finish within `timeoutMs`, connecting
 * included, or it fails with a StoreUnavailableError and the connection is dropped (a server that
 * stopped answering cannot be trusted with the next command). After a failure, new connections
 * are tried with back-off (100 ms doubling to 2 s); requests made while waiting fail at once
 * with a StoreUnavailableError saying why. Redis errors come back as `{ error }` entries, as
 * Upstash REST gives them; no message ever contains the URL's password.
 */
export function createTcpRequester(url: string, options: TcpRequesterOptions = {}): TcpRequester {
  const secrets = urlSecrets(url);
  const where = redactUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const deadlines = createDeadlines(timeoutMs);
  const reachability = reachabilityTracker(
    options.onReachability ??
      ((change) => console.warn(`[store] Redis at ${where}: ${change.state}: ${change.reason}`)),
  );
  const unavailable = (reason: string) =>
    new StoreUnavailableError(`Redis at ${where}: ${redactSecrets(reason, secrets)}`);
  /** A transport error as a StoreUnavailableError; a dropped connection says why it was dropped. */
  const clean = (error: unknown): Error => {
    if (error instanceof StoreUnavailableError) return error;
    if (failures > 0 && lastFailure !== "") return unavailable(lastFailure);
    return unavailable(messageOf(error));
  };

  let client: Client | undefined;
  /** The connection being opened, and the promise of it being ready. */
  let opening: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let closed = false;
  let failures = 0;
  let retryAt = 0;
  let lastFailure = "";

  /** Drops the current connection after `reason`; the next one waits out the back-off. */
  const fail = (reason: string, broken?: Client) => {
    if (broken !== undefined && broken !== client && broken !== opening) return;
    reachability.failed(redactSecrets(reason, secrets));
    failures += 1;
    retryAt = Date.now() + reconnectDelay(failures);
    lastFailure = reason;
    // Forget the connections before destroying them: their "end" must not count as a new failure.
    const dropped = [client, opening];
    client = undefined;
    opening = undefined;
    connecting = undefined;
    for (const connection of dropped) if (connection?.isOpen) connection.destroy();
  };

  const connect = (): Promise<Client> => {
    const fresh: Client = createClient({
      url,
      RESP: 2,
      disableOfflineQueue: true,
      disableClientInfo: true,
      socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
      // Our deadlines watch every request with one timer; the client's own default (5 s) would
      // start an AbortSignal timer per command.
      commandOptions: { timeout: 0 },
    });
    fresh.on("error", (error: unknown) => fail(messageOf(error), fresh));
    fresh.on("end", () => {
      if (!closed && client === fresh) fail("the connection closed", fresh);
    });
    // Connected only once the server answers: a frozen server still accepts TCP connections.
    const attempt = (async (): Promise<Client> => {
      try {
        await fresh.connect();
        await fresh.ping();
      } catch (error) {
        if (opening === fresh) fail(messageOf(error));
        throw clean(error);
      }
      // Given up on (timed out, or the store closed) while it was connecting.
      if (opening !== fresh) {
        if (fresh.isOpen) fresh.destroy();
        throw unavailable(lastFailure || "the store is closed");
      }
      reachability.succeeded();
      failures = 0;
      client = fresh;
      opening = undefined;
      return fresh;
    })();
    opening = fresh;
    connecting = attempt;
    return attempt;
  };

  const ready = (): Promise<Client> => {
    if (closed) return Promise.reject(unavailable("the store is closed"));
    if (client?.isReady) return Promise.resolve(client);
    if (connecting) return connecting;
    const wait = retryAt - Date.now();
    if (wait > 0) {
      return Promise.reject(
        unavailable(`unreachable (${lastFailure}); next connection attempt in ${wait} ms`),
      );
    }
    return connect();
  };

  const send = async (redis: Client, argv: Argv): Promise<UpstashEntry> => {
    try {
      return { result: toUpstashResult(await redis.sendCommand(argv)) };
    } catch (error) {
      if (error instanceof ErrorReply) return { error: error.message };
      throw clean(error);
    }
  };

  const transaction = async (
    redis: Client,
    commands: Argv[],
    body: unknown,
  ): Promise<UpstashEntry[]> => {
    const multi = redis.multi();
    for (const argv of commands) multi.addCommand(argv);
    try {
      const replies: unknown[] = await multi.exec();
      return replies.map(entryFor);
    } catch (error) {
      if (error instanceof MultiErrorReply) return error.replies.map(entryFor);
      if (error instanceof ErrorReply) throw requestRejected(`${EXECABORT} ${error.message}`, body);
      throw clean(error);
    }
  };

  const execute = async (req: UpstashRequest): Promise<unknown> => {
    const decoded = decodeRequest(req);
    let used: Client | undefined;
    return deadlines.run(
      async () => {
        const redis = await ready();
        used = redis;
        if (decoded.kind === "single") return send(redis, decoded.argv);
        if (decoded.kind === "pipeline") {
          return Promise.all(decoded.commands.map((argv) => send(redis, argv)));
        }
        return transaction(redis, decoded.commands, req.body);
      },
      () => {
        const reason = `did not answer within ${timeoutMs} ms`;
        fail(reason, used ?? opening);
        return unavailable(reason);
      },
    );
  };

  const requester: Requester = {
    request: <TResult>(req: UpstashRequest) => execute(req) as Promise<UpstashResponse<TResult>>,
  };

  return {
    requester,
    close: async () => {
      if (closed) return;
      closed = true;
      const [open, half] = [client, opening];
      client = undefined;
      opening = undefined;
      connecting = undefined;
      if (half?.isOpen) half.destroy();
      if (!open?.isOpen) return;
      await deadlines
        .run(
          () => open.close(),
          () => unavailable("close timed out"),
        )
        .catch(() => open.destroy());
    },
  };
}
