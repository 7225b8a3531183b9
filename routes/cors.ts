// Safety layer 3 (with secure headers): the CORS allow-list on /api/*. Only origins in
// CORS_ALLOWED_ORIGINS are named in Access-Control-Allow-Origin; preflights are answered with the
// methods, headers and max age allowed. Hono's own cors middleware appends `Vary` through
// `c.header()` once the handler is done, which makes Hono rebuild every finished response around
// a stream of its body (a cached queue page cost twice what it does now); this one edits the
// finished response's headers in place.
import { createMiddleware } from "hono/factory";

export type CorsOptions = {
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  /** Seconds a browser may keep a preflight's answer. */
  maxAge: number;
  /** The server already sets `Vary: Origin` on every response (routes/node-server.ts). */
  varySetByServer?: boolean;
};

export function corsAllowList(allowed: ReadonlySet<string>, options: CorsOptions) {
  const preflight = {
    "Access-Control-Allow-Methods": options.allowMethods.join(","),
    "Access-Control-Allow-Headers": options.allowHeaders.join(","),
    "Access-Control-Max-Age": String(options.maxAge),
    Vary: "Origin, Access-Control-Request-Headers",
  };
  return createMiddleware(async (c, next) => {
    const origin = c.req.header("origin");
    const allowOrigin = origin !== undefined && allowed.has(origin) ? origin : null;
    if (c.req.method === "OPTIONS") {
      return c.body(null, 204, {
        ...preflight,
        ...(allowOrigin && { "Access-Control-Allow-Origin": allowOrigin }),
      });
    }
    await next();
    if (allowOrigin) c.res.headers.set("Access-Control-Allow-Origin", allowOrigin);
    if (!options.varySetByServer) c.res.headers.append("Vary", "Origin");
  });
}
