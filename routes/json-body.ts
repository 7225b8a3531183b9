// Request bodies on /api/* (but /api/inngest, which Inngest owns): JSON only (415 otherwise, so a
// body sent as text is never read as an empty object) and at most 64 KiB (413). On the Node
// server the body is read straight from the socket's message into Hono's body cache, so a JSON
// body costs no web Request and no web streams; elsewhere (Vercel) Hono's body limit reads it.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { nodeIncoming } from "./node-incoming.ts";

export const MAX_API_BODY_BYTES = 64 * 1024;

const tooLarge = (c: Context) =>
  c.json(
    { error: "payload_too_large", detail: `bodies are limited to ${MAX_API_BODY_BYTES} bytes` },
    413,
  );

const sizeLimit = bodyLimit({ maxSize: MAX_API_BODY_BYTES, onError: tooLarge });

/** How reading a body ended: its text, past the limit, or cut off (the client went away). */
type BodyRead = { text: string } | { tooLarge: true } | { cutOff: true };

/**
 * Reads the message's body as text, stopping as soon as it grows past the limit (the rest is
 * drained and dropped, so the connection stays usable for the 413).
 */
function readLimited(incoming: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onCutOff);
      incoming.off("close", onCutOff);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_API_BODY_BYTES) chunks.push(chunk);
      else {
        incoming.resume();
        finish({ tooLarge: true });
      }
    };
    // A leading byte order mark is not part of the JSON (as a web Request's text() drops it).
    const onEnd = () => finish({ text: new TextDecoder().decode(Buffer.concat(chunks, size)) });
    const onCutOff = () => finish({ cutOff: true });
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onCutOff);
    incoming.on("close", onCutOff);
  });
}

export const jsonBodies = createMiddleware(async (c, next) => {
  if (
    c.req.path === "/api/inngest" ||
    ["GET", "HEAD", "OPTIONS", "DELETE"].includes(c.req.method)
  ) {
    return next();
  }
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return c.json(
      {
        error: "unsupported_media_type",
        detail: "send the body as JSON with Content-Type: application/json",
      },
      415,
    );
  }
  const incoming = nodeIncoming(c);
  if (!incoming?.readable) return sizeLimit(c, next);
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_API_BODY_BYTES) return tooLarge(c);
  const read = await readLimited(incoming);
  if ("tooLarge" in read) return tooLarge(c);
  if ("cutOff" in read) {
    return c.json(
      { error: "invalid_request", detail: "the request body ended before it was whole" },
      400,
    );
  }
  // Hono keeps a promise of each body form in its cache (typed as the value itself); c.req.json()
  // and the json validator parse from the cached text.
  c.req.bodyCache.text = Promise.resolve(read.text) as unknown as string;
  return next();
});
