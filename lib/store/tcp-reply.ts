// Conversion of node-redis replies into the JSON values Upstash REST returns for the same command.

/**
 * Turns a raw node-redis reply into what Upstash REST would answer: strings, integers, null and
 * nested arrays. RESP3 shapes (maps, sets, booleans, big numbers) are flattened the RESP2 way,
 * so a map never leaks out as an object.
 */
export function toUpstashResult(reply: unknown): unknown {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "string" || typeof reply === "number") return reply;
  if (typeof reply === "bigint") return Number(reply);
  if (typeof reply === "boolean") return reply ? 1 : 0;
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString("utf8");
  if (Array.isArray(reply)) return reply.map(toUpstashResult);
  if (reply instanceof Map) {
    return [...reply.entries()].flatMap(([key, value]) => [
      toUpstashResult(key),
      toUpstashResult(value),
    ]);
  }
  if (reply instanceof Set) return [...reply].map(toUpstashResult);
  if (typeof reply === "object") {
    return Object.entries(reply).flatMap(([key, value]) => [key, toUpstashResult(value)]);
  }
  return String(reply);
}
