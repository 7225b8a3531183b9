// How a lead is laid out in the store: one key per part, so that each pipeline stage writes only
// what it learned (the profile, the verdict, the score, the status) instead of the whole record,
// and a batch of leads is read with one MGET and written with one MSET. A lead stored whole by an
// earlier version (one JSON record at the core key) is still read: its fields fill the parts it
// has no key for yet.
import { z } from "zod";
import { formatPath } from "../config/config-error.ts";
import { type TLeadRecord, ZLeadRecord } from "../leads/lead-record.ts";
import { compact, expandOr } from "./compact/compact-json.ts";
import { storeKey } from "./keys.ts";
import { StoredRecordError } from "./parse-stored.ts";

/** The parts of a lead, each under its own key. */
export const LEAD_PARTS = ["core", "enrich", "keys", "verification", "score", "state"] as const;
export type TLeadPart = (typeof LEAD_PARTS)[number];

const shape = ZLeadRecord.shape;
const PART_SCHEMAS = {
  core: z.object({
    id: shape.id,
    campaigns: shape.campaigns,
    keys: shape.keys,
    search: shape.search,
    given: shape.given,
    signals: shape.signals,
    createdAt: shape.createdAt,
  }),
  enrich: z.object({ profile: shape.profile.unwrap(), enrichment: shape.enrichment }),
  keys: shape.keys,
  verification: shape.verification.unwrap(),
  score: shape.score.unwrap(),
  state: z.object({
    status: shape.status,
    dropped: shape.dropped,
    cardId: shape.cardId,
    updatedAt: shape.updatedAt,
  }),
} as const;

/** The key of one part of a lead; the core keeps the key a whole lead always had. */
export function leadPartKey(id: string, part: TLeadPart): string {
  return part === "core" ? storeKey("lead", id) : storeKey("lead", id, part);
}

/** Parts large enough to be stored compacted (compact-json.ts). */
const COMPACTED: ReadonlySet<TLeadPart> = new Set(["enrich", "score"]);

/** The value to store for one part (compacted where large), or undefined when there is none. */
function storedPartOf(lead: TLeadRecord, part: TLeadPart): unknown {
  const value = partOf(lead, part);
  return value !== undefined && COMPACTED.has(part) ? compact(value) : value;
}

/** Key → stored value of the named parts of each lead (parts a lead has nothing for left out). */
export function partValues(
  leads: readonly TLeadRecord[],
  parts: readonly TLeadPart[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const lead of leads) {
    for (const part of parts) {
      const value = storedPartOf(lead, part);
      if (value !== undefined) values[leadPartKey(lead.id, part)] = value;
    }
  }
  return values;
}

/** The value of one part, or undefined when the lead has nothing for it (no key is written). */
export function partOf(lead: TLeadRecord, part: TLeadPart): unknown {
  switch (part) {
    case "core":
      return {
        id: lead.id,
        campaigns: lead.campaigns,
        keys: lead.keys,
        search: lead.search,
        ...(lead.given && { given: lead.given }),
        signals: lead.signals,
        createdAt: lead.createdAt,
      };
    case "enrich":
      return lead.profile ? { profile: lead.profile, enrichment: lead.enrichment } : undefined;
    case "keys":
      return lead.keys;
    case "verification":
      return lead.verification ?? undefined;
    case "score":
      return lead.score ?? undefined;
    case "state":
      return stateOf(lead);
  }
}

/** Where the pipeline left a lead: what its state part holds, with its id. */
export type TLeadState = Pick<TLeadRecord, "id" | "status" | "dropped" | "cardId" | "updatedAt">;

/** The value of a lead's state part. */
export function stateOf(lead: TLeadState) {
  return {
    status: lead.status,
    dropped: lead.dropped,
    cardId: lead.cardId,
    updatedAt: lead.updatedAt,
  };
}

/** A part that is present but does not parse: the lead is damaged there, at `key`. */
const damaged = (key: string, reason: string) =>
  new StoredRecordError(key, `stored record ${key} is malformed${reason ? ` ${reason}` : ""}`);

function parsePart<P extends TLeadPart>(id: string, part: P, raw: unknown) {
  if (raw === null || raw === undefined) return undefined;
  const value = expandOr(raw, (reason) => damaged(leadPartKey(id, part), `: ${reason}`));
  const result = PART_SCHEMAS[part].safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    throw damaged(
      leadPartKey(id, part),
      first ? `at ${formatPath(first.path)}: ${first.message}` : "",
    );
  }
  return result.data as z.infer<(typeof PART_SCHEMAS)[P]>;
}

/**
 * The lead assembled from its parts' raw values (in LEAD_PARTS order); null when it has no core.
 * Throws StoredRecordError naming the key of a part that does not parse.
 */
export function assembleLead(
  id: string,
  raw: readonly unknown[],
  /** Only some parts were read: a part not read (undefined) is not missing. */
  partial = false,
): TLeadRecord | null {
  const [coreRaw, enrichRaw, keysRaw, verificationRaw, scoreRaw, stateRaw] = raw;
  if (coreRaw === null || coreRaw === undefined) return null;
  // A lead stored whole by an earlier version sits where the core is now.
  const coreValue = expandOr(coreRaw, (reason) => damaged(leadPartKey(id, "core"), `: ${reason}`));
  // Only a whole record has a status beside its core fields; parts are never tried as one.
  const whole =
    typeof coreValue === "object" && coreValue !== null && "status" in coreValue
      ? ZLeadRecord.safeParse(coreValue)
      : null;
  const legacy = whole?.success ? whole.data : null;
  const core = parsePart(id, "core", coreValue);
  const enrich = parsePart(id, "enrich", enrichRaw);
  const keys = parsePart(id, "keys", keysRaw);
  const verification = parsePart(id, "verification", verificationRaw);
  const score = parsePart(id, "score", scoreRaw);
  const state = parsePart(id, "state", stateRaw);
  if (!core) return null;
  if (!state && !legacy && !(partial && stateRaw === undefined)) {
    throw damaged(leadPartKey(id, "state"), ": the lead's state is missing");
  }
  const status = state ?? {
    status: legacy?.status ?? "scraped",
    dropped: legacy?.dropped ?? null,
    cardId: legacy?.cardId ?? null,
    updatedAt: legacy?.updatedAt ?? core.createdAt,
  };
  return {
    ...core,
    keys: keys ?? core.keys,
    profile: enrich?.profile ?? legacy?.profile ?? null,
    enrichment: enrich ? enrich.enrichment : (legacy?.enrichment ?? null),
    verification: verification ?? legacy?.verification ?? null,
    score: score ?? legacy?.score ?? null,
    ...status,
  };
}
