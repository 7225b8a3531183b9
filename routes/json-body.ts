// Request bodies on /api/* (but /api/inngest, which Inngest owns): JSON only (415 otherwise, so a
// body sent as text is never read as an empty object) and at most 64 KiB (413).
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";

export const MAX_API_BODY_BYTES = 64 * 1024;

const sizeLimit = bodyLimit({
  maxSize: MAX_API_BODY_BYTES,
  onError: (c) =>
    c.json(
      { error: "payload_too_large", detail: `bodies are limited to ${MAX_API_BODY_BYTES} bytes` },
      413,
    ),
});

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
  return sizeLimit(c, next);
});
