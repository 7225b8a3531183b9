// The providers' webhooks: Instantly (secret in the X-Webhook-Secret header), HeyReach and RB2B
// (secret in the URL's query), each compared in constant time — without it, 401 and nothing is
// stored. A delivery is parsed defensively, recognised when it was seen before (a retried or
// replayed webhook changes nothing), and handed on as an event; the work happens in functions.
// RB2B disconnects on any error, so what it sends that cannot be used is parked, never refused.
import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import type { OutgoingEvent } from "../lib/engine/emit.ts";
import type { Runtime } from "../lib/runtime/runtime.ts";
import {
  heyReachEventId,
  normalizeHeyReach,
  ZHeyReachWebhook,
} from "../lib/signals/heyreach-events.ts";
import { instantlyEventId, ZInstantlyWebhook } from "../lib/signals/instantly-events.ts";
import { rb2bVisitor } from "../lib/signals/rb2b-visitor.ts";

const MAX_BYTES = 256 * 1024;

/** Constant-time comparison of a given secret with the configured one (false when none is set). */
function secretMatches(given: string | undefined, expected: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body as JSON, or the reason it is not. */
/** Characters of a body that is not JSON kept with it when it is parked, for review. */
const PARKED_TEXT_MAX = 2000;

async function jsonBody(
  c: Context,
): Promise<{ json: unknown } | { problem: string; text: string | null }> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BYTES) {
    return { problem: `body over ${MAX_BYTES} bytes`, text: null };
  }
  try {
    return { json: JSON.parse(text) };
  } catch {
    return { problem: "body is not JSON", text: text.slice(0, PARKED_TEXT_MAX) };
  }
}

const unauthorized = (c: Context) =>
  c.json({ error: "unauthorized", detail: "missing or wrong webhook secret" }, 401);

/** The body parsed by a provider's event schema, or the 400 saying what was expected. */
async function readEvent<S extends z.ZodType>(
  c: Context,
  schema: S,
  expected: string,
): Promise<{ event: z.output<S> } | { refused: Response }> {
  const body = await jsonBody(c);
  if ("problem" in body) {
    return { refused: c.json({ error: "invalid_request", detail: body.problem }, 400) };
  }
  const parsed = schema.safeParse(body.json);
  if (!parsed.success) {
    return { refused: c.json({ error: "invalid_request", detail: `expected ${expected}` }, 400) };
  }
  return { event: parsed.data };
}

type TSignalData = Extract<OutgoingEvent, { name: "lead.signal" }>["data"];

export function webhookRoutes(runtime: Runtime) {
  const { repos } = runtime;
  /**
   * Hands a signal on as `lead.signal` once per delivery id; a failed hand-off is forgotten so
   * the provider's retry lands.
   */
  const handOn = async (c: Context, signal: TSignalData) => {
    const id = signal.signalId;
    if (!(await repos.signals.firstDelivery(id))) {
      return c.json({ accepted: false, duplicate: true, id });
    }
    try {
      await runtime.emit({ name: "lead.signal", id: `lead.signal-${id}`, data: signal });
    } catch (error) {
      await repos.signals.forgetDelivery(id).catch(() => {});
      throw error;
    }
    return c.json({ accepted: true, id }, 202);
  };

  // Instantly and HeyReach retry on an error: a body too large is refused before it is read whole.
  const limit = bodyLimit({
    maxSize: MAX_BYTES,
    onError: (c) =>
      c.json({ error: "payload_too_large", detail: `body over ${MAX_BYTES} bytes` }, 413),
  });
  return new Hono()
    .post("/webhooks/instantly", limit, async (c) => {
      if (!secretMatches(c.req.header("x-webhook-secret"), runtime.env.INSTANTLY_WEBHOOK_SECRET)) {
        return unauthorized(c);
      }
      const read = await readEvent(c, ZInstantlyWebhook, "an Instantly event with event_type");
      if ("refused" in read) return read.refused;
      const { event } = read;
      const email = event.lead_email ?? event.email ?? undefined;
      return handOn(c, {
        signalId: instantlyEventId(event),
        source: "instantly",
        type: event.event_type,
        ...(email && { email }),
        occurredAt: isoOr(event.timestamp, runtime.now()),
        detail: {
          campaignId: event.campaign_id ?? null,
          step: event.step ?? null,
          account: event.email_account ?? null,
          subject: event.reply_subject ?? event.email_subject ?? null,
          snippet: event.reply_text_snippet ?? null,
        },
      });
    })
    .post("/webhooks/heyreach", limit, async (c) => {
      if (!secretMatches(c.req.query("secret"), runtime.env.HEYREACH_WEBHOOK_SECRET)) {
        return unauthorized(c);
      }
      const read = await readEvent(c, ZHeyReachWebhook, "a HeyReach event object");
      if ("refused" in read) return read.refused;
      const event = normalizeHeyReach(read.event);
      return handOn(c, {
        signalId: heyReachEventId(event),
        source: "heyreach",
        type: event.type,
        ...(event.profileUrl && { linkedinUrl: event.profileUrl }),
        ...(event.email && { email: event.email }),
        occurredAt: isoOr(event.timestamp, runtime.now()),
        detail: {
          campaignId: event.campaignId,
          name: event.name,
          message: event.lastMessage?.slice(0, 500) ?? null,
        },
      });
    })
    .post("/webhooks/rb2b", async (c) => {
      if (!secretMatches(c.req.query("secret"), runtime.env.RB2B_WEBHOOK_SECRET))
        return unauthorized(c);
      // RB2B disconnects on anything but a 200: whatever goes wrong past the secret is parked or
      // logged, never answered with an error.
      try {
        return c.json(await acceptVisitor(runtime, await jsonBody(c)));
      } catch (error) {
        runtime.logger.error("rb2b: a visitor could not be recorded:", error);
        return c.json({ accepted: false, reason: "recorded in the server log" });
      }
    });
}

/** Hands an RB2B visitor on, or parks what cannot be used; the answer's body. */
async function acceptVisitor(
  runtime: Runtime,
  body: { json: unknown } | { problem: string; text: string | null },
) {
  const { repos } = runtime;
  const at = runtime.now().toISOString();
  if ("problem" in body) {
    // The raw text (cut short) is kept, so a person can see what RB2B sent.
    await repos.signals.park({ at, source: "rb2b", reason: body.problem, payload: body.text });
    return { accepted: false, parked: true, reason: body.problem };
  }
  const found = rb2bVisitor(body.json);
  if ("problem" in found) {
    await repos.signals.park({ at, source: "rb2b", reason: found.problem, payload: body.json });
    return { accepted: false, parked: true, reason: found.problem };
  }
  const { visitor } = found;
  if (!(await repos.signals.firstDelivery(visitor.visitorId))) {
    return { accepted: false, duplicate: true, id: visitor.visitorId };
  }
  try {
    await runtime.emit({
      name: "visitor.identified",
      id: `visitor.identified-${visitor.visitorId}`,
      data: {
        visitorId: visitor.visitorId,
        ...(visitor.linkedinUrl && { linkedinUrl: visitor.linkedinUrl }),
        ...(visitor.email && { email: visitor.email }),
        ...(visitor.name && { name: visitor.name }),
        ...(visitor.company && { company: visitor.company }),
        ...(visitor.title && { title: visitor.title }),
        ...(visitor.capturedUrl && { capturedUrl: visitor.capturedUrl }),
        seenAt: isoOr(visitor.seenAt, runtime.now()),
      },
    });
  } catch (error) {
    runtime.logger.warn("rb2b: visitor not handed on, parked:", error);
    await repos.signals.forgetDelivery(visitor.visitorId).catch(() => {});
    await repos.signals.park({
      at,
      source: "rb2b",
      reason: "could not be handed on",
      payload: body.json,
    });
  }
  return { accepted: true, id: visitor.visitorId };
}

/** An ISO time from a provider's timestamp (ISO text or epoch ms), else now. */
function isoOr(value: string | null | undefined, now: Date): string {
  if (value) {
    const asNumber = /^\d{10,13}$/.test(value)
      ? Number(value.length === 10 ? `${value}000` : value)
      : Number.NaN;
    const ms = Number.isFinite(asNumber) ? asNumber : Date.parse(value);
    // Only times an event can carry (4-digit years); anything else is "now".
    if (Number.isFinite(ms) && ms > 0 && ms < 253_402_300_800_000)
      return new Date(ms).toISOString();
  }
  return now.toISOString();
}
