// Compact storage of large JSON records (cards, profiles, scores): deflate with a frozen preset
// dictionary of the text those records are made of (templates, field names, the phrases the
// code writes), then base64, behind a "~z<version>:" prefix no JSON value starts with. A 6.5 KB
// card becomes about 0.8 KB. Small values are stored as plain JSON; reads accept both, so
// records written before compaction, or by hand, stay readable.
import { DICTIONARY as DICTIONARY_V1 } from "./dictionary-v1.ts";
import { DICTIONARY as DICTIONARY_V2 } from "./dictionary-v2.ts";
import { createRawCodec } from "./raw-codec.ts";

/** Frozen dictionaries by version; a new version is added, an old one is never changed. */
const DICTIONARIES: Readonly<Record<string, Buffer>> = {
  "1": Buffer.from(DICTIONARY_V1),
  // v2: the templates with a named sender, asks by step and evidence per claim (issue 14).
  "2": Buffer.from(DICTIONARY_V2),
};
/** Each dictionary's codec, made when first used (raw-codec.ts keeps its zlib handles). */
const codecs = new Map<string, ReturnType<typeof createRawCodec>>();
function codecOf(version: string): ReturnType<typeof createRawCodec> | undefined {
  const known = codecs.get(version);
  if (known) return known;
  const dictionary = DICTIONARIES[version];
  if (!dictionary) return undefined;
  const codec = createRawCodec(dictionary);
  codecs.set(version, codec);
  return codec;
}
const CURRENT = "2";
const PREFIX = "~z";
/** Below this many bytes of JSON a record is stored as is: compressing it saves little. */
export const COMPACT_MIN_BYTES = 256;

/** The value to store: the value itself when small, else its compressed text. */
export function compact(value: unknown): unknown {
  const json = JSON.stringify(value);
  if (json === undefined || json.length < COMPACT_MIN_BYTES) return value;
  const codec = codecOf(CURRENT) as ReturnType<typeof createRawCodec>;
  return `${PREFIX}${CURRENT}:${codec.deflate(json)}`;
}

/** A compressed value that cannot be read back (unknown version, corrupt data). */
export class CompactValueError extends Error {
  override name = "CompactValueError";
}

/**
 * Recently expanded values by their compressed text: the same bytes always expand to the same
 * value, and the queue's cards are read again on every refresh. Callers only read the values
 * (zod parses them into fresh objects), so sharing them is safe.
 */
const recent = new Map<string, unknown>();
const RECENT_MAX = 256;

/**
 * The stored value as JSON data: compressed text expanded, JSON text parsed, any other text (an
 * ISO time, a token digest) and non-text replies as they came. The store client does not parse
 * replies itself (store-client.ts), so this is the one parse a value gets before its zod schema.
 */
export function expand(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  if (!raw.startsWith(PREFIX)) return parseText(raw);
  const known = recent.get(raw);
  if (known !== undefined) {
    // Refresh its place: the map's order is least recently used first.
    recent.delete(raw);
    recent.set(raw, known);
    return known;
  }
  const value = inflate(raw);
  recent.set(raw, value);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  return value;
}

/** Like {@link expand}; a value that cannot be expanded is reported as `damaged(reason)`. */
export function expandOr(raw: unknown, damaged: (reason: string) => Error): unknown {
  try {
    return expand(raw);
  } catch (error) {
    if (error instanceof CompactValueError) throw damaged(error.message);
    throw error;
  }
}

/** JSON text parsed; text that is not JSON, or a number JSON would round, stays text. */
function parseText(raw: string): unknown {
  const first = raw.charCodeAt(0);
  // Only text that can start a JSON value is tried: parsing that fails costs a thrown error.
  const jsonStart =
    first === 123 ||
    first === 91 ||
    first === 34 ||
    first === 45 ||
    (first >= 48 && first <= 57) ||
    raw === "true" ||
    raw === "false" ||
    raw === "null";
  if (!jsonStart) return raw;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "number" && String(value) !== raw ? raw : value;
  } catch {
    return raw;
  }
}

function inflate(raw: string): unknown {
  const colon = raw.indexOf(":", PREFIX.length);
  const version = raw.slice(PREFIX.length, colon);
  const codec = colon < 0 ? undefined : codecOf(version);
  if (!codec) {
    throw new CompactValueError(`compressed with an unknown dictionary version "${version}"`);
  }
  try {
    return JSON.parse(codec.inflate(Buffer.from(raw.slice(colon + 1), "base64")));
  } catch (error) {
    throw new CompactValueError(`compressed data does not expand: ${(error as Error).message}`);
  }
}
