// The address a request came from, for per-client limits: the socket's peer, or with TRUST_PROXY
// the first address of X-Forwarded-For (set by the proxy in front).
import type { Context } from "hono";
import { nodeIncoming } from "./node-incoming.ts";

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return nodeIncoming(c)?.socket?.remoteAddress ?? "unknown";
}
