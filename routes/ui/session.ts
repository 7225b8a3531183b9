// Sign-in for the /sales page: the dashboard token (checked in constant time) and the approver's
// name start a session kept in an HttpOnly, SameSite=Strict cookie; the page's API calls ride on it.
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { SESSION_TTL_SECONDS } from "../../lib/store/session-repo.ts";
import { tokenMatches } from "../bearer-auth.ts";
import { clientAddress } from "../client-address.ts";
import { validate } from "../validate.ts";
import { LEAD_PAGE, loginView, SIGN_IN_PAGES } from "./login-view.ts";

export const SESSION_COOKIE = "as_session";

const ZLogin = z.object({
  token: z.string().min(1, "expected the dashboard token").max(500),
  name: z
    .string()
    .trim()
    .min(1, "expected your name")
    .max(100)
    .regex(/^[\p{L}\p{N} .,'@_-]+$/u, "expected letters, digits and simple punctuation"),
  /**
   * The page to go to once signed in: only our own pages (a listed page, or one lead's); any
   * other value (an old link, another site) signs in to /sales rather than failing the sign-in.
   */
  next: z
    .unknown()
    .optional()
    .transform((value) => nextPage(value)),
});

/** The page a sign-in form names, when it is one of ours (else /sales). */
function nextPage(value: unknown): string {
  return typeof value === "string" && LEAD_PAGE.test(value)
    ? value
    : (SIGN_IN_PAGES.find((page) => page === value) ?? "/sales");
}

/** The signed-in approver of this request, or null. */
export async function sessionOf(c: Context, runtime: Runtime): Promise<{ actor: string } | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return null;
  const session = await runtime.repos.sessions.get(id);
  return session ? { actor: session.actor } : null;
}

export function sessionRoutes(runtime: Runtime) {
  return new Hono()
    .post(
      "/sales/login",
      validate("form", z.record(z.string(), z.unknown()), (c) =>
        c.redirect("/sales?error=missing_fields", 303),
      ),
      async (c) => {
        const form = c.req.valid("form");
        const parsed = ZLogin.safeParse(form);
        if (!parsed.success) return c.redirect(`${nextPage(form.next)}?error=missing_fields`, 303);
        const { token, name, next } = parsed.data;
        if (!tokenMatches(token, runtime.dashboardToken.digest)) {
          const client = clientAddress(c, runtime.env.TRUST_PROXY);
          const wait = await runtime.repos.authFailures.fail(client);
          if (wait !== null) {
            c.header("Retry-After", String(wait));
            return c.html(loginView("too_many", next), 429);
          }
          return c.redirect(`${next}?error=bad_token`, 303);
        }
        const id = await runtime.repos.sessions.create(name, runtime.now());
        setCookie(c, SESSION_COOKIE, id, {
          httpOnly: true,
          sameSite: "Strict",
          path: "/",
          secure: isHttps(c, runtime.env.TRUST_PROXY),
          maxAge: SESSION_TTL_SECONDS,
        });
        return c.redirect(next, 303);
      },
    )
    .post("/sales/logout", async (c) => {
      // Like every page action, signing out is refused to another site's form.
      if (!sameOrigin(c, runtime.env.TRUST_PROXY)) {
        return c.json({ error: "forbidden", detail: "cross-site request refused" }, 403);
      }
      const id = getCookie(c, SESSION_COOKIE);
      if (id) await runtime.repos.sessions.remove(id);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.redirect("/sales", 303);
    });
}

/** Whether the request came over HTTPS (by its proxy's word only when TRUST_PROXY is set). */
function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return trustProxy && c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** A browser's form post from this site: its Origin (or Sec-Fetch-Site) says so. */
function sameOrigin(c: Context, trustProxy: boolean): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined) return site === "same-origin";
  const origin = c.req.header("origin");
  if (origin === undefined) return false;
  const forwarded = trustProxy ? c.req.header("x-forwarded-host") : undefined;
  const host = forwarded ?? c.req.header("host") ?? new URL(c.req.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
