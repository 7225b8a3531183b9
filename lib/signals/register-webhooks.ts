// Registering our webhooks with the providers, idempotently: Instantly gets one webhook for all
// events at `<base>/webhooks/instantly` with the secret in its `X-Webhook-Secret` header (its list
// tells us whether it exists); HeyReach gets one per event type at `<base>/webhooks/heyreach?secret=`
// (it lists none back, so what we registered is recorded in the store by the URL's digest, never
// the URL: it holds the secret). RB2B has no API: its URL is printed for its dashboard. Secrets
// are masked in everything this returns.
import { hash } from "node:crypto";
import { HEYREACH_WEBHOOK_EVENTS } from "../providers/heyreach-requests.ts";
import type { Runtime } from "../runtime/runtime.ts";

export type TRegistrationLine = { provider: string; status: string; detail: string };

/** A URL's origin only (or "an unreadable URL"). */
const hostOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "an unreadable URL";
  }
};

/** A URL with its `secret` query value masked. */
export const maskSecret = (url: string) => url.replace(/([?&]secret=)[^&]+/, "$1****");

/** The base URL the providers will call: https (http only on this machine), no path. */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      `--base-url: expected a URL such as https://outbound.example.com, got "${raw}"`,
    );
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new Error("--base-url: expected https:// (providers call it from the internet)");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error("--base-url: expected no query, fragment or credentials");
  }
  return url.toString().replace(/\/+$/, "");
}

export async function registerWebhooks(
  runtime: Pick<Runtime, "providers" | "env" | "repos" | "now">,
  baseUrl: string,
): Promise<TRegistrationLine[]> {
  const lines: TRegistrationLine[] = [];
  const providers = runtime.providers("production");
  const sandboxNote = " (sandbox: no API key, nothing registered at the provider)";

  const instantlySecret = runtime.env.INSTANTLY_WEBHOOK_SECRET;
  if (!instantlySecret) {
    lines.push({
      provider: "instantly",
      status: "skipped",
      detail: "INSTANTLY_WEBHOOK_SECRET is not set",
    });
  } else {
    const url = `${baseUrl}/webhooks/instantly`;
    const existing = await providers.instantly.listWebhooks();
    // Other integrations' URLs may carry their own tokens: only their host is shown.
    for (const hook of existing.filter((h) => h.url !== url)) {
      lines.push({
        provider: "instantly",
        status: "exists",
        detail: `${hook.id}: ${hook.eventType ?? "all events"} → ${hostOf(hook.url)} (not ours)`,
      });
    }
    const ours = existing.find((hook) => hook.url === url);
    if (ours) {
      lines.push({
        provider: "instantly",
        status: "already registered",
        detail: `${ours.id}: ${url} (after changing INSTANTLY_WEBHOOK_SECRET, delete it at Instantly and run this again)`,
      });
    } else {
      const created = await providers.instantly.createWebhook({
        url,
        eventType: "all_events",
        headers: { "X-Webhook-Secret": instantlySecret },
      });
      const note = providers.instantly.kind === "sandbox" ? sandboxNote : "";
      lines.push({
        provider: "instantly",
        status: "registered",
        detail: `${created.id}: all events → ${url}${note}`,
      });
    }
  }

  const heyReachSecret = runtime.env.HEYREACH_WEBHOOK_SECRET;
  if (!heyReachSecret) {
    lines.push({
      provider: "heyreach",
      status: "skipped",
      detail: "HEYREACH_WEBHOOK_SECRET is not set",
    });
  } else {
    const url = `${baseUrl}/webhooks/heyreach?secret=${encodeURIComponent(heyReachSecret)}`;
    const digest = hash("sha256", url, "hex");
    const live = providers.heyReach.kind === "live";
    const recorded = live ? await runtime.repos.signals.registrations("heyreach") : {};
    for (const eventType of HEYREACH_WEBHOOK_EVENTS) {
      if (recorded[eventType] === digest) {
        lines.push({
          provider: "heyreach",
          status: "already registered",
          detail: `${eventType} → ${maskSecret(url)}`,
        });
        continue;
      }
      await providers.heyReach.createWebhook({
        name: `Alpha Swarm ${eventType.toLowerCase()}`,
        url,
        eventType,
      });
      if (live) await runtime.repos.signals.recordRegistration("heyreach", eventType, digest);
      lines.push({
        provider: "heyreach",
        status: "registered",
        detail: `${eventType} → ${maskSecret(url)}${live ? "" : sandboxNote}`,
      });
    }
  }

  const rb2bSecret = runtime.env.RB2B_WEBHOOK_SECRET;
  lines.push(
    rb2bSecret
      ? {
          provider: "rb2b",
          status: "by hand",
          detail: `RB2B has no API: paste ${baseUrl}/webhooks/rb2b?secret=<RB2B_WEBHOOK_SECRET> into its webhook integration`,
        }
      : { provider: "rb2b", status: "skipped", detail: "RB2B_WEBHOOK_SECRET is not set" },
  );
  return lines;
}
