// Request bodies on /api/* (but /api/inngest, which Inngest owns): JSON only (415 otherwise, so a
// body sent as text is never read as an empty object) and at most 64 KiB (413). On the Node
// server the body is read straight from the socket's message into Hono's body cache, so a JSON
// body costs no web Request and no web streams; elsewhere (Vercel) Hono's body limit reads it.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";

export const MAX_API_BODY_BYTES = 64 * 1024;

const tooLarge = (c: Context) =>
  c.json(
    { error: "payload_too_large", detail: `bodies are limited to ${MAX_API_BODY_BYTES} bytes` },
    413,
  );

const sizeLimit = bodyLimit({ maxSize: MAX_API_BODY_BYTES, onError: tooLarge });

/**
 * The message's body as text, or null as soon as it grows past the limit (the rest is drained and
 * dropped, so the connection stays usable for the 413).
 */
function readLimited(incoming: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_API_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.resume();
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size).toString("utf8"));
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.once("error", reject);
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
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming?.readable) return sizeLimit(c, next);
  const declared = Number(c.req.header("content-length") ?? 0);
  if (declared > MAX_API_BODY_BYTES) return tooLarge(c);
  const text = await readLimited(incoming);
  if (text === null) return tooLarge(c);
  // Hono keeps a promise of each body form in its cache (typed as the value itself); c.req.json()
  // and the json validator parse from the cached text.
  c.req.bodyCache.text = Promise.resolve(text) as unknown as string;
  return next();
});
