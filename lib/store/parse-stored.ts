// Every read from the store is parsed by zod (`get<T>()` is only a cast), after a compacted record
// is expanded: a record that does not match its schema is reported with its key and field, never
// passed on half-valid.
import type { Redis } from "@upstash/redis";
import type { z } from "zod";
import { formatPath } from "../config/config-error.ts";
import { expandOr } from "./compact/compact-json.ts";

export class StoredRecordError extends Error {
  /** The key of the record that does not read. */
  readonly key: string;

  /** `problem` is zod's verdict on the record, or a message that already says it all. */
  constructor(key: string, problem: z.ZodError | string) {
    const first = typeof problem === "string" ? undefined : problem.issues[0];
    super(
      typeof problem === "string"
        ? problem
        : `stored record ${key} is malformed${first ? ` at ${formatPath(first.path)}: ${first.message}` : ""}`,
    );
    this.name = "StoredRecordError";
    this.key = key;
  }
}

/** Parses one stored value (null stays null). */
export function parseStored<S extends z.ZodType>(
  schema: S,
  key: string,
  raw: unknown,
): z.infer<S> | null {
  if (raw === null || raw === undefined) return null;
  const value = expandOr(
    raw,
    (reason) => new StoredRecordError(key, `stored record ${key} is malformed: ${reason}`),
  );
  const result = schema.safeParse(value);
  if (!result.success) throw new StoredRecordError(key, result.error);
  return result.data;
}

/** A stored record a listing skipped because it does not parse. */
export type TSkipped = { id: string; key: string; reason: string };

/**
 * Parses stored values for a listing: values that do not parse are left out (null in their
 * place) and reported as skipped with their id, key and reason, so one bad record never takes a
 * whole listing down.
 */
export function parseListed<S extends z.ZodType>(
  schema: S,
  entries: readonly { id: string; key: string; raw: unknown }[],
): { values: (z.infer<S> | null)[]; skipped: TSkipped[] } {
  const skipped: TSkipped[] = [];
  const values = entries.map(({ id, key, raw }) => {
    try {
      return parseStored(schema, key, raw);
    } catch (error) {
      if (!(error instanceof StoredRecordError)) throw error;
      skipped.push({ id, key, reason: error.message });
      return null;
    }
  });
  return { values, skipped };
}

/** Reads records by id in one MGET for a listing: missing ones null, damaged ones skipped. */
export async function listStored<S extends z.ZodType>(
  redis: Redis,
  schema: S,
  ids: readonly string[],
  keyOf: (id: string) => string,
): Promise<{ values: (z.infer<S> | null)[]; skipped: TSkipped[] }> {
  if (ids.length === 0) return { values: [], skipped: [] };
  const raw = await redis.mget<unknown[]>(...ids.map(keyOf));
  return parseListed(
    schema,
    ids.map((id, i) => ({ id, key: keyOf(id), raw: raw[i] })),
  );
}

/**
 * A hash as HGETALL replies with it: the client hands the reply on as it came, a flat list of
 * fields and values (or an object, from a client that deserialises); none when the key is absent.
 */
export function hashReply(raw: unknown): Record<string, unknown> {
  if (Array.isArray(raw)) {
    const hash: Record<string, unknown> = {};
    for (let i = 0; i + 1 < raw.length; i += 2) hash[String(raw[i])] = raw[i + 1];
    return hash;
  }
  return raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
}

/**
 * HMGET's values in the order of `fields`: the client hands the reply on as it came (a list), or
 * as an object by field from a client that deserialises; null for a missing field.
 */
export function hmgetValues(raw: unknown, fields: readonly string[]): unknown[] {
  if (Array.isArray(raw)) return fields.map((_, i) => raw[i] ?? null);
  const byField = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  return fields.map((field) => byField[field] ?? null);
}
