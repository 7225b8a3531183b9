// Registering our webhooks (msw answering Instantly and HeyReach as documented): the first run
// registers one Instantly webhook for all events with the secret in its header and one HeyReach
// webhook per event type; a second run lists what exists and registers nothing; no secret is
// ever printed; a bad base URL is refused naming the flag.
import { afterEach, describe, expect, it } from "vitest";
import { checkBaseUrl, registerWebhooks } from "../../lib/signals/register-webhooks.ts";
import {
  dispatchRuntime,
  LIVE_PROVIDER_ENV,
  sendingProviders,
  useProviderServer,
} from "../dispatch/support.ts";
import type { TestRuntime } from "../support/runtime.ts";
import { SECRETS } from "./support.ts";

const server = useProviderServer();
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

describe("webhooks:register", () => {
  it("registers once, then finds everything registered; secrets stay out of the output", async () => {
    const providers = sendingProviders();
    server.use(...providers.handlers);
    rt = await dispatchRuntime({ env: { ...SECRETS, ...LIVE_PROVIDER_ENV } });
    const base = "https://outbound.example.com";
    const first = await registerWebhooks(rt, base);
    expect(providers.instantly.webhooks).toHaveLength(1);
    expect(providers.instantly.webhooks[0]).toMatchObject({
      target_hook_url: `${base}/webhooks/instantly`,
      event_type: "all_events",
      headers: { "X-Webhook-Secret": SECRETS.INSTANTLY_WEBHOOK_SECRET },
    });
    const created = providers.heyReach.requests.filter((r) =>
      r.url.pathname.endsWith("/webhooks/CreateWebhook"),
    );
    expect(created).toHaveLength(12);
    expect(created.map((r) => (r.body as { webhookUrl: string }).webhookUrl)).toEqual(
      Array(12).fill(`${base}/webhooks/heyreach?secret=${SECRETS.HEYREACH_WEBHOOK_SECRET}`),
    );
    expect(first.filter((l) => l.status === "registered")).toHaveLength(13);

    // Two more webhooks someone made by hand make Instantly's list span two pages.
    providers.instantly.webhooks.push(
      {
        id: "w-2",
        target_hook_url: "https://other.example/a",
        event_type: "reply_received",
        headers: null,
      },
      {
        id: "w-3",
        target_hook_url: "https://other.example/b?secret=abc",
        event_type: "email_sent",
        headers: null,
      },
    );
    const second = await registerWebhooks(rt, base);
    expect(second.filter((l) => l.status === "registered")).toEqual([]);
    expect(second.filter((l) => l.status === "already registered")).toHaveLength(13);
    expect(second.filter((l) => l.status === "exists")).toHaveLength(2);
    expect(providers.instantly.webhooks).toHaveLength(3);
    const printed = JSON.stringify([first, second]);
    for (const secret of [...Object.values(SECRETS), "abc"]) expect(printed).not.toContain(secret);
  });

  it("refuses a base URL providers could not call, naming the flag", () => {
    expect(checkBaseUrl("https://outbound.example.com/")).toBe("https://outbound.example.com");
    expect(checkBaseUrl("http://localhost:8787")).toBe("http://localhost:8787");
    expect(() => checkBaseUrl("outbound.example.com")).toThrow(/--base-url: expected a URL/);
    expect(() => checkBaseUrl("http://outbound.example.com")).toThrow(/--base-url: expected https/);
    expect(() => checkBaseUrl("https://x.example/?secret=1")).toThrow(/no query/);
  });
});
