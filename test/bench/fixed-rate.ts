// An open-loop load generator for latency at a fixed rate: request i is due at start + i/rate,
// sent over a bounded pool of keep-alive connections, and its latency is counted from when it was
// due (so a server that falls behind is charged for the queue it causes: no coordinated omission).
// autocannon's `overallRate` is not used for this: it sends each second's quota back to back at
// the start of the second and corrects for omission with a 1 ms interval, so even a bare Hono
// route shows a p99 of hundreds of milliseconds at 1,000 req/s on a 2-core machine.
import { Agent, request as httpRequest } from "node:http";

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
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function fixedRate(options: {
  origin: string;
  rate: number;
  total: number;
  connections: number;
  request: (index: number) => FixedRateRequest;
}): Promise<FixedRateResult> {
  const { origin, rate, total, connections } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const send = (index: number, due: number) =>
    new Promise<void>((resolve) => {
      const { method, path, headers, body } = options.request(index);
      const req = httpRequest(`${origin}${path}`, { method, headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - due);
          if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) ok += 1;
          else failed += 1;
          resolve();
        });
      });
      req.on("error", () => {
        failed += 1;
        resolve();
      });
      req.end(body);
    });
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  let next = 0;
  while (next < total) {
    const now = performance.now();
    // Everything due by now goes out in this tick.
    while (next < total && start + (next * 1000) / rate <= now) {
      pending.push(send(next, start + (next * 1000) / rate));
      next += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const elapsed = performance.now() - start;
  agent.destroy();
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
  };
}
