// Sandbox BetterContact request ids: an opaque, versioned token that carries all a poll needs (the
// submit time, how long the request processes, the checked contacts), so any process, at any time,
// answers a poll the same way with no stored state. Format `bcs1.<payload>.<tag>`: payload is
// base64url(deflate-raw(JSON)) and tag a seed-keyed HMAC over both, so a garbled id, or one issued
// under another seed, is unknown (406) as at the real service.
import { createHmac } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { BETTERCONTACT_MAX_CONTACTS, type ZBetterContactInput } from "../bettercontact-input.ts";

type Contact = z.output<typeof ZBetterContactInput>;

/** What a sandbox request id carries; nothing in it depends on the seed. */
export type SandboxRequest = {
  /** When the request was submitted (ms since the epoch, by the provider's clock). */
  submittedAt: number;
  /** How long after submit the request stays in progress (0: done on the first poll). */
  processingMs: number;
  contacts: Contact[];
};

const VERSION = "bcs1";
/** Inflated payloads larger than this are refused: 100 contacts take a few kB. */
const MAX_JSON_BYTES = 512 * 1024;
const MAX_TOKEN_CHARS = 4 * MAX_JSON_BYTES;

const ZText = z.string().min(1);
/** One contact as `[uuid, firstName, lastName, company, companyDomain, linkedinUrl]`. */
const ZRow = z.tuple([ZText, ZText, ZText, ZText.nullable(), ZText.nullable(), ZText.nullable()]);
const ZPayload = z.tuple([
  z.number().int().min(0),
  z.number().int().min(0),
  z.array(ZRow).min(1).max(BETTERCONTACT_MAX_CONTACTS),
]);

const tagOf = (seed: string, payload: string): string =>
  createHmac("sha256", seed).update(`${VERSION}.${payload}`).digest("base64url").slice(0, 16);

/** The request id for a submitted request (contacts already checked by parseContacts). */
export function encodeRequestToken(seed: string, request: SandboxRequest): string {
  const rows: z.input<typeof ZRow>[] = request.contacts.map((c) => [
    c.uuid,
    c.firstName,
    c.lastName,
    c.company ?? null,
    c.companyDomain ?? null,
    c.linkedinUrl ?? null,
  ]);
  const json = JSON.stringify([
    Math.max(0, Math.floor(request.submittedAt)),
    Math.max(0, Math.round(request.processingMs)),
    rows,
  ] satisfies z.input<typeof ZPayload>);
  const payload = deflateRawSync(json, { level: 9 }).toString("base64url");
  return `${VERSION}.${payload}.${tagOf(seed, payload)}`;
}

/** What the id carries, or null when it is not a sandbox id issued under this seed. */
export function decodeRequestToken(seed: string, requestId: string): SandboxRequest | null {
  if (requestId.length > MAX_TOKEN_CHARS) return null;
  const [version, payload, tag, ...rest] = requestId.split(".");
  if (version !== VERSION || !payload || rest.length > 0 || tag !== tagOf(seed, payload)) {
    return null;
  }
  let json: unknown;
  try {
    const bytes = Buffer.from(payload, "base64url");
    json = JSON.parse(inflateRawSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString("utf8"));
  } catch {
    return null;
  }
  const parsed = ZPayload.safeParse(json);
  if (!parsed.success) return null;
  const [submittedAt, processingMs, rows] = parsed.data;
  return {
    submittedAt,
    processingMs,
    contacts: rows.map(([uuid, firstName, lastName, company, companyDomain, linkedinUrl]) => ({
      uuid,
      firstName,
      lastName,
      company,
      companyDomain,
      linkedinUrl,
    })),
  };
}
