// An open-loop load generator for latency at a fixed rate: request i is due at start + i/rate,
// sent over a bounded pool of keep-alive connections, and its latency is counted from when it was
// due (so a server that falls behind is charged for the queue it causes: no coordinated omission).
// autocannon's `overallRate` is not used for this: it sends each second's quota back to back at
// the start of the second and corrects for omission with a 1 ms interval, so even a bare Hono
// route shows a p99 of hundreds of milliseconds at 1,000 req/s on a 2-core machine.
// It speaks HTTP/1.1 over raw sockets (a request is one pre-built write; a response is read as far
// as its status, length and end) so that, sharing two cores with the server, the generator costs a
// fraction of what node:http's client does (0.3 ms of CPU per request).
import { connect, type Socket } from "node:net";

export type FixedRateRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
};

export type FixedRateResult = {
  sent: number;
  ok: number;
  failed: number;
  /** Latency percentiles in milliseconds, from when each request was due. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The rate actually achieved: requests completed per second of the run. */
  achievedRate: number;
  /** CPU time this generator used per request, in milliseconds. */
  clientCpuMs: number;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** The request as bytes on the wire. */
function encode(host: string, request: FixedRateRequest): Buffer {
  const body = Buffer.from(request.body ?? "");
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${body.length}`, "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n")), body]);
}

/**
 * How many bytes of `data` the first complete response takes and its status; null when the
 * response is not complete yet. Handles Content-Length and chunked bodies.
 */
function completeResponse(data: Buffer): { length: number; status: number } | null {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const head = data.subarray(0, headEnd).toString("latin1").toLowerCase();
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  const declared = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (declared) {
    const length = bodyStart + Number(declared[1]);
    return data.length >= length ? { length, status } : null;
  }
  if (!/\r\ntransfer-encoding:\s*chunked/.test(head)) return { length: bodyStart, status };
  let at = bodyStart;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    at = lineEnd + 2 + size + 2;
    if (data.length < at) return null;
    if (size === 0) return { length: at, status };
  }
}

/** One keep-alive connection carrying one request at a time. */
type Connection = { socket: Socket; buffered: Buffer; done: ((status: number) => void) | null };

export async function fixedRate(options: {
  origin: string;
  rate: number;
  total: number;
  connections: number;
  request: (index: number) => FixedRateRequest;
}): Promise<FixedRateResult> {
  const { rate, total } = options;
  const url = new URL(options.origin);
  const cpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let finished = 0;
  let allFinished: () => void = () => {};
  const finishedAll = new Promise<void>((resolve) => {
    allFinished = resolve;
  });
  /** Requests due and waiting for a free connection, oldest first. */
  const waiting: { index: number; due: number }[] = [];
  const settle = (due: number, status: number) => {
    latencies.push(performance.now() - due);
    if (status >= 200 && status < 300) ok += 1;
    else failed += 1;
    finished += 1;
    if (finished === total) allFinished();
  };
  const idle: Connection[] = [];
  const all: Connection[] = [];
  let alive = options.connections;
  for (let i = 0; i < options.connections; i++) {
    const socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const connection: Connection = { socket, buffered: Buffer.alloc(0), done: null };
    socket.on("data", (chunk: Buffer) => {
      connection.buffered =
        connection.buffered.length === 0 ? chunk : Buffer.concat([connection.buffered, chunk]);
      const response = completeResponse(connection.buffered);
      if (!response) return;
      connection.buffered = connection.buffered.subarray(response.length);
      const done = connection.done;
      connection.done = null;
      done?.(response.status);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      alive -= 1;
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      connection.done?.(0);
      dispatch();
    });
    idle.push(connection);
    all.push(connection);
  }

  const dispatch = (): void => {
    // With no connection left, what waits can never be sent: it fails.
    if (alive === 0) for (const { due } of waiting.splice(0)) settle(due, 0);
    while (waiting.length > 0 && idle.length > 0) {
      const { index, due } = waiting.shift() as { index: number; due: number };
      const connection = idle.pop() as Connection;
      connection.done = (status) => {
        if (status !== 0) idle.push(connection);
        settle(due, status);
        dispatch();
      };
      connection.socket.write(encode(url.host, options.request(index)));
    }
  };

  const start = performance.now() + 20;
  let next = 0;
  while (next < total) {
    const now = performance.now();
    // Everything due by now goes out in this tick.
    while (next < total && start + (next * 1000) / rate <= now) {
      waiting.push({ index: next, due: start + (next * 1000) / rate });
      next += 1;
    }
    dispatch();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await finishedAll;
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  for (const connection of all) connection.socket.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    ok,
    failed,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
    achievedRate: (total * 1000) / elapsed,
    clientCpuMs: (cpu.user + cpu.system) / 1000 / total,
  };
}
