// Safety layer 2: every /api/* route (but /api/inngest, which Inngest's signing protects) needs
// `Authorization: Bearer <DASHBOARD_AUTH_TOKEN>`, compared in constant time; 401 otherwise. The
// /sales page's own calls may instead carry its session cookie, plus a custom header on changes
// (which a cross-site form cannot send) so the cookie cannot be ridden by another site.
import { timingSafeEqual } from "node:crypto";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { tokenDigest } from "../lib/safety/dashboard-token.ts";
import type { AuthFailures } from "../lib/store/auth-failures.ts";
import type { SessionRepo } from "../lib/store/session-repo.ts";
import { clientAddress } from "./client-address.ts";

export const PAGE_REQUEST_HEADER = "x-requested-with";
export const PAGE_REQUEST_VALUE = "alpha-swarm";

/** True when `given` hashes to `expectedDigest`, in time that does not depend on the token. */
export function tokenMatches(given: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(tokenDigest(given), expectedDigest);
}

/**
 * Who made the request: the session's approver; for token callers, who they say they are
 * (X-Actor, marked as claimed through the API token, since the token is shared), or "api".
 */
export type ApiVariables = { actor: string };

const ACTOR = /^[\p{L}\p{N} .,'@_-]{1,100}$/u;

export function apiAuth(
  expectedDigest: Buffer,
  sessions: SessionRepo,
  failures?: { count: AuthFailures; trustProxy: boolean },
) {
  return createMiddleware<{ Variables: ApiVariables }>(async (c, next) => {
    if (c.req.method === "OPTIONS" || c.req.path === "/api/inngest") return next();
    const header = c.req.header("authorization");
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1] || !tokenMatches(match[1], expectedDigest)) {
        const wait = failures
          ? await failures.count.fail(clientAddress(c, failures.trustProxy))
          : null;
        if (wait !== null) {
          return c.json(
            { error: "too_many_requests", detail: `too many failed sign-ins; retry in ${wait} s` },
            429,
            { "Retry-After": String(wait) },
          );
        }
        return c.json({ error: "unauthorized", detail: "the bearer token is not valid" }, 401, {
          "WWW-Authenticate": 'Bearer realm="alpha-swarm", error="invalid_token"',
        });
      }
      const actor = c.req.header("x-actor")?.trim();
      c.set("actor", actor && ACTOR.test(actor) ? `${actor} (via API token)` : "api");
      return next();
    }
    const sessionId = getCookie(c, "as_session");
    const session = sessionId ? await sessions.get(sessionId) : null;
    if (session) {
      const changes = !["GET", "HEAD"].includes(c.req.method);
      if (changes && c.req.header(PAGE_REQUEST_HEADER) !== PAGE_REQUEST_VALUE) {
        return c.json(
          {
            error: "forbidden",
            detail: `page requests must send ${PAGE_REQUEST_HEADER}: ${PAGE_REQUEST_VALUE}`,
          },
          403,
        );
      }
      c.set("actor", session.actor);
      return next();
    }
    return c.json(
      { error: "unauthorized", detail: "send Authorization: Bearer <DASHBOARD_AUTH_TOKEN>" },
      401,
      { "WWW-Authenticate": 'Bearer realm="alpha-swarm"' },
    );
  });
}
