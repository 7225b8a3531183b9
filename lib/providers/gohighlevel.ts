// GoHighLevel (LeadConnector v2): the only file that knows its base URL and auth. What the dispatch
// dedup needs — which emails are already contacts in the CRM, one `POST /contacts/search` per
// email (`Authorization: Bearer`, `Version: 2021-07-28`), at most five at a time — and the revival
// motion's search (a tag, quiet since a date, a page of 100 at a time); every search spaced to
// stay under the 100 requests / 10 s burst limit.
import { setTimeout as sleep } from "node:timers/promises";
import { NonRetriableError } from "inngest";
import type { z } from "zod";
import {
  type ZGoHighLevelContact,
  ZGoHighLevelContactSearchResponse,
} from "./gohighlevel-schemas.ts";
import { createProviderHttp } from "./http.ts";
import type { ProviderInfo } from "./provider-error.ts";

export type GoHighLevelContactMatch = { contactId: string; tags: string[] };

/** A contact the revival motion may re-engage. */
export type GoHighLevelRevivalContact = {
  contactId: string;
  email: string | null;
  firstName: string;
  lastName: string;
  companyName: string | null;
  tags: string[];
  /** ISO time of the contact's last activity (null when the CRM has none). */
  lastActivity: string | null;
};

export type TRevivalQuery = { tag: string; lastActivityBefore: string; limit: number };

export type GoHighLevelClient = {
  kind: "live" | "sandbox";
  /**
   * Contacts with the tag whose last activity is before the date, quietest first, up to `limit`
   * (`POST /contacts/search`, 100 per page).
   */
  searchRevivalContacts(query: TRevivalQuery): Promise<GoHighLevelRevivalContact[]>;
  /**
   * The emails (trimmed, lower-cased) that are already contacts, with the contact's id and tags;
   * emails not found are absent from the map.
   */
  findContactsByEmail(emails: readonly string[]): Promise<Map<string, GoHighLevelContactMatch>>;
};

export const GOHIGHLEVEL: ProviderInfo = { name: "GoHighLevel", keyEnv: "GHL_API_TOKEN" };
export const GOHIGHLEVEL_LOCATION_ENV = "GHL_LOCATION_ID";
export const GOHIGHLEVEL_BASE_URL = "https://services.leadconnectorhq.com";
/** The API version the contacts endpoints take. */
export const GOHIGHLEVEL_CONTACTS_VERSION = "2021-07-28";
export const GOHIGHLEVEL_SEARCH_CONCURRENCY = 5;
/** 100 requests per 10 s burst: one search started every 100 ms at most. */
export const GOHIGHLEVEL_MIN_INTERVAL_MS = 100;

export type GoHighLevelClientOptions = {
  token: string;
  locationId: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Least time between two searches starting (default 100 ms; 0 in tests). */
  minIntervalMs?: number;
  /** The clock for rate-limit delays. */
  now?: () => number;
};

/** Contacts per page of the revival search. */
export const REVIVAL_PAGE_SIZE = 100;

/** The search for revival: the tag, last activity before the date, quietest first (3p body). */
export function revivalSearchBody(locationId: string, query: TRevivalQuery, page: number) {
  return {
    locationId,
    page,
    pageLimit: REVIVAL_PAGE_SIZE,
    filters: [
      { field: "tags", operator: "contains", value: query.tag },
      { field: "lastActivity", operator: "range", value: { lt: query.lastActivityBefore } },
    ],
    sort: [{ field: "lastActivity", direction: "asc" }],
  };
}

/** A contact of the search as the revival motion reads it. */
export function toRevivalContact(
  contact: z.output<typeof ZGoHighLevelContact>,
): GoHighLevelRevivalContact {
  const activity = contact.lastActivity;
  const ms = typeof activity === "number" ? activity : activity ? Date.parse(activity) : Number.NaN;
  return {
    contactId: contact.id,
    email: contact.email?.trim().toLowerCase() || null,
    firstName: contact.firstName?.trim() ?? "",
    lastName: contact.lastName?.trim() ?? "",
    companyName: contact.companyName?.trim() || null,
    tags: contact.tags,
    lastActivity: Number.isFinite(ms) ? new Date(ms).toISOString() : null,
  };
}

/** The emails to look up: trimmed, lower-cased, blanks dropped, each once. */
export function normalizeEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((email) => email.trim().toLowerCase()).filter(Boolean))];
}

/** Runs `run` on every item, `limit` at a time; stops starting new ones after a failure. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await run(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The live GoHighLevel client for one location. */
export function createGoHighLevelClient(options: GoHighLevelClientOptions): GoHighLevelClient {
  const http = createProviderHttp({
    provider: GOHIGHLEVEL,
    baseUrl: options.baseUrl ?? GOHIGHLEVEL_BASE_URL,
    headers: {
      Authorization: `Bearer ${options.token}`,
      Version: GOHIGHLEVEL_CONTACTS_VERSION,
    },
    timeoutMs: options.timeoutMs ?? 30_000,
    secrets: [options.token],
    now: options.now ?? Date.now,
  });
  const locationId = options.locationId.trim();
  const minIntervalMs = options.minIntervalMs ?? GOHIGHLEVEL_MIN_INTERVAL_MS;
  let nextStart = 0;

  /** Waits for this search's turn so that starts are `minIntervalMs` apart (per client). */
  const pace = async (): Promise<void> => {
    if (minIntervalMs <= 0) return;
    const at = performance.now();
    const start = Math.max(at, nextStart);
    nextStart = start + minIntervalMs;
    if (start > at) await sleep(start - at);
  };

  const search = async (email: string): Promise<GoHighLevelContactMatch | null> => {
    await pace();
    const body = await http.call({
      method: "post",
      path: "contacts/search",
      endpoint: "/contacts/search",
      json: {
        locationId,
        page: 1,
        pageLimit: 1,
        filters: [{ field: "email", operator: "eq", value: email }],
      },
      schema: ZGoHighLevelContactSearchResponse,
    });
    // Trust the filter when a contact carries no email; refuse one whose email differs.
    const contact = body.contacts.find(
      (found) => !found.email || found.email.trim().toLowerCase() === email,
    );
    return contact ? { contactId: contact.id, tags: contact.tags } : null;
  };

  const needLocation = () => {
    if (!locationId) {
      throw new NonRetriableError(
        `GoHighLevel needs a location id to search contacts: set ${GOHIGHLEVEL_LOCATION_ENV}`,
      );
    }
  };

  return {
    kind: "live",
    async searchRevivalContacts(query) {
      needLocation();
      const found: GoHighLevelRevivalContact[] = [];
      for (let page = 1; found.length < query.limit; page++) {
        await pace();
        const body = await http.call({
          method: "post",
          path: "contacts/search",
          endpoint: "/contacts/search",
          json: revivalSearchBody(locationId, query, page),
          schema: ZGoHighLevelContactSearchResponse,
        });
        // The filters' shape is third-party knowledge: what comes back is checked here as well.
        found.push(
          ...body.contacts
            .map(toRevivalContact)
            .filter(
              (c) =>
                c.tags.includes(query.tag) &&
                c.lastActivity !== null &&
                c.lastActivity < query.lastActivityBefore,
            ),
        );
        if (body.contacts.length < REVIVAL_PAGE_SIZE) break;
      }
      return found.slice(0, query.limit);
    },
    async findContactsByEmail(emails) {
      needLocation();
      const found = new Map<string, GoHighLevelContactMatch>();
      await eachLimited(normalizeEmails(emails), GOHIGHLEVEL_SEARCH_CONCURRENCY, async (email) => {
        const match = await search(email);
        if (match) found.set(email, match);
      });
      return found;
    },
  };
}
