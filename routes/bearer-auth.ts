// Safety layer 2: every /api/* route (but /api/inngest, which Inngest's signing protects) needs
// `Authorization: Bearer <DASHBOARD_AUTH_TOKEN>`, compared in constant time; 401 otherwise.
import { timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { tokenDigest } from "../lib/safety/dashboard-token.ts";

/** True when `given` hashes to `expectedDigest`, in time that does not depend on the token. */
export function tokenMatches(given: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(tokenDigest(given), expectedDigest);
}

export function bearerAuth(expectedDigest: Buffer) {
  return createMiddleware(async (c, next) => {
    if (c.req.method === "OPTIONS" || c.req.path === "/api/inngest") return next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      return c.json(
        { error: "unauthorized", detail: "send Authorization: Bearer <DASHBOARD_AUTH_TOKEN>" },
        401,
        { "WWW-Authenticate": 'Bearer realm="alpha-swarm"' },
      );
    }
    if (!tokenMatches(match[1], expectedDigest)) {
      return c.json({ error: "unauthorized", detail: "the bearer token is not valid" }, 401, {
        "WWW-Authenticate": 'Bearer realm="alpha-swarm", error="invalid_token"',
      });
    }
    return next();
  });
}
