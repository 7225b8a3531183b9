// The sign-in form of every page (/, /sales, /operator, /leads, /scorecard): the dashboard token and
// the person's name (recorded on every decision), posted to /sales/login; a failed sign-in comes
// back as ?error=<code>.
import { html } from "hono/html";
import { layout } from "./layout.ts";

const ERRORS: Record<string, string> = {
  bad_token: "That token is not valid. Use the dashboard token (DASHBOARD_AUTH_TOKEN).",
  missing_fields: "Enter the dashboard token and your name (letters, digits, simple punctuation).",
  too_many: "Too many failed sign-ins from this address. Wait a few minutes, then try again.",
  session_expired: "Your session has ended. Sign in again.",
};

/** The message for an error code; unknown codes get a generic one (the code is never echoed). */
export function loginError(code: string | undefined): string | null {
  if (code === undefined || code === "") return null;
  return ERRORS[code] ?? "Sign-in failed. Try again.";
}

/** The pages a sign-in may lead to. */
export const SIGN_IN_PAGES = ["/", "/sales", "/operator", "/leads", "/scorecard"] as const;
export type TSignInPage = (typeof SIGN_IN_PAGES)[number];

const TITLES: Record<TSignInPage, [string, string]> = {
  "/": ["Alpha Swarm", "Sign in to see the system's health and the KPIs at a glance."],
  "/sales": ["Alpha Swarm approvals", "Sign in to review the outbound queue."],
  "/operator": [
    "Alpha Swarm operator",
    "Sign in to dispatch, approve batches and watch the safety switches.",
  ],
  "/leads": ["Alpha Swarm leads", "Sign in to see every lead's status, score and timeline."],
  "/scorecard": ["Alpha Swarm scorecard", "Sign in to see how the pipeline's runs went."],
};

/** One lead's page, which a sign-in may lead back to. */
export const LEAD_PAGE = /^\/leads\/lead_[0-9a-f]{20}$/;

export function loginView(errorCode: string | undefined, next: TSignInPage | string = "/sales") {
  const error = loginError(errorCode);
  const [title, lede] =
    TITLES[LEAD_PAGE.test(next) ? "/leads" : (next as TSignInPage)] ?? TITLES["/sales"];
  return layout(
    `Sign in · ${title}`,
    html`<main class="login">
      <h1>${title}</h1>
      <p class="lede">${lede}</p>
      ${error === null ? "" : html`<p class="alert alert-error" role="alert" id="login-error">${error}</p>`}
      <form method="post" action="/sales/login" id="login-form">
        <input type="hidden" name="next" value="${next}">
        <label class="field">Dashboard token
          <input type="password" name="token" required autocomplete="current-password" autofocus>
        </label>
        <label class="field">Your name
          <input type="text" name="name" required maxlength="80" autocomplete="name" placeholder="e.g. Dana Whitfield">
        </label>
        <button type="submit" class="btn btn-primary">Sign in</button>
      </form>
    </main>`,
    { script: false },
  );
}
