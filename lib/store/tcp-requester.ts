// The Redis-over-TCP transport: an @upstash/redis Requester backed by node-redis speaking RESP2.
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { createClient, ErrorReply, MultiErrorReply } from "redis";
import { redactSecrets, redactUrl, urlSecrets } from "./redact.ts";
import { toUpstashResult } from "./tcp-reply.ts";
import { type Argv, decodeRequest, requestRejected, type UpstashEntry } from "./upstash-request.ts";

/** A Requester over one TCP connection, and the way to close that connection. */
export type TcpRequester = { requester: Requester; close(): Promise<void> };

/** Options of {@link createTcpRequester}. */
export type TcpRequesterOptions = {
  /** Milliseconds to wait for a TCP connection (default 5000). */
  connectTimeoutMs?: number;
  /** Told about connection problems, with secrets already removed (default: console.warn). */
  onConnectionError?: (message: string) => void;
};

const EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

function entryFor(reply: unknown): UpstashEntry {
  if (reply instanceof ErrorReply) return { error: reply.message };
  return { result: toUpstashResult(reply) };
}

/**
 * Creates a Requester that sends @upstash/redis's commands to a Redis server at `url`
 * (`redis://` or `rediss://`). It connects on first use; a failed first connection rejects
 * that request and the next one tries again. After that, the connection is re-established in
 * the background and requests made while it is down fail at once. Redis errors come back as
 * `{ error }` entries, as Upstash REST gives them; no message ever contains the URL's password.
 */
export function createTcpRequester(url: string, options: TcpRequesterOptions = {}): TcpRequester {
  const secrets = urlSecrets(url);
  const where = redactUrl(url);
  const report =
    options.onConnectionError ??
    ((message: string) => console.warn(`[store] Redis at ${where}: ${message}`));
  const clean = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`Redis at ${where}: ${redactSecrets(message, secrets)}`);
  };

  let everConnected = false;
  let client: ReturnType<typeof createClient>;
  try {
    client = createClient({
      url,
      RESP: 2,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 5000,
        reconnectStrategy: (retries) => (everConnected ? Math.min(50 * 2 ** retries, 2000) : false),
      },
    });
  } catch (error) {
    throw clean(error);
  }
  client.on("error", (error: unknown) => report(redactSecrets(String(error), secrets)));

  let connecting: Promise<unknown> | undefined;
  let closed = false;
  const ready = async (): Promise<void> => {
    if (closed) throw new Error(`Redis at ${where}: the store is closed`);
    connecting ??= client.connect().then(() => {
      everConnected = true;
    });
    try {
      await connecting;
    } catch (error) {
      connecting = undefined;
      throw clean(error);
    }
  };

  const send = async (argv: Argv): Promise<UpstashEntry> => {
    try {
      return { result: toUpstashResult(await client.sendCommand(argv)) };
    } catch (error) {
      if (error instanceof ErrorReply) return { error: error.message };
      throw clean(error);
    }
  };

  const transaction = async (commands: Argv[], body: unknown): Promise<UpstashEntry[]> => {
    const multi = client.multi();
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

  const requester: Requester = {
    request: async <TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> => {
      const decoded = decodeRequest(req);
      await ready();
      if (decoded.kind === "single") return (await send(decoded.argv)) as UpstashResponse<TResult>;
      const entries =
        decoded.kind === "pipeline"
          ? await Promise.all(decoded.commands.map(send))
          : await transaction(decoded.commands, req.body);
      return entries as UpstashResponse<TResult>;
    },
  };

  return {
    requester,
    close: async () => {
      if (closed) return;
      closed = true;
      const pending = connecting;
      if (pending === undefined) return;
      try {
        await pending;
      } catch {
        return;
      }
      if (client.isOpen) await client.close();
    },
  };
}
