// JSON round-tripping of step results, outputs and event data, as they travel to and from Inngest.

/**
 * Serialises a value as Inngest stores it: `undefined` becomes `null`, Dates become ISO strings,
 * functions and undefined properties vanish. Throws on values JSON cannot hold (cycles, BigInt).
 */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null) ?? "null";

/** Parses a stored JSON string back into a fresh value. */
export const fromJson = (json: string): unknown => JSON.parse(json);

/** The value as the receiving side would see it after a trip through JSON. */
export const roundTrip = (value: unknown): unknown => fromJson(toJson(value));
