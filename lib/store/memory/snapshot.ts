// Reader of the old embedded store's snapshot file (snapshot.json): every key with its value and
// absolute deadline, as JSON. Only the one-time import of an old data directory uses it.
import { z } from "zod";
import { parseDouble } from "./args.ts";
import { HashValue, SetValue } from "./collections.ts";
import type { KeyRecord, StoredValue } from "./keyspace.ts";
import { ListValue } from "./list-value.ts";
import { SortedSet } from "./sorted-set.ts";

const ZKeyRecord = z.intersection(
  z.object({ key: z.string(), expiresAt: z.number().int().optional() }),
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("string"), value: z.string() }),
    z.object({ type: z.literal("hash"), value: z.array(z.tuple([z.string(), z.string()])) }),
    z.object({ type: z.literal("set"), value: z.array(z.string()) }),
    z.object({ type: z.literal("zset"), value: z.array(z.tuple([z.string(), z.string()])) }),
    z.object({ type: z.literal("list"), value: z.array(z.string()) }),
  ]),
);

const ZSnapshot = z.object({
  format: z.literal(1),
  seq: z.number().int().nonnegative(),
  savedAt: z.number(),
  keys: z.array(ZKeyRecord),
});

/** A decoded snapshot: the log sequence number it covers and its keys. */
export type Snapshot = { seq: number; records: KeyRecord[] };

function decodeValue(record: z.infer<typeof ZKeyRecord>): StoredValue {
  switch (record.type) {
    case "string":
      return { type: "string", value: record.value };
    case "hash":
      return { type: "hash", value: HashValue.of(record.value) };
    case "set":
      return { type: "set", value: SetValue.of(record.value) };
    case "zset": {
      const zset = new SortedSet();
      for (const [member, score] of record.value) zset.set(member, parseDouble(score));
      return { type: "zset", value: zset };
    }
    case "list":
      return { type: "list", value: new ListValue([...record.value]) };
  }
}

/** Parses and validates a snapshot file's text; throws with the reason when it is not one. */
export function decodeSnapshot(text: string): Snapshot {
  const parsed = ZSnapshot.parse(JSON.parse(text));
  return {
    seq: parsed.seq,
    records: parsed.keys.map((record) => ({
      key: record.key,
      stored: decodeValue(record),
      expiresAt: record.expiresAt,
    })),
  };
}
