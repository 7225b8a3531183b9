// The Node request behind a Hono context when served by @hono/node-server (undefined elsewhere,
// e.g. on Vercel or in app.request()).
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

export function nodeIncoming(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}
