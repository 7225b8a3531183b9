// The store's client: @upstash/redis's command API over one of our requesters, with automatic
// deserialisation off. Values come back as the strings Redis holds; each repository parses what
// it reads once, at its zod boundary (parse-stored.ts), instead of the client trying JSON.parse
// on every value of every reply (a third of the CPU of a queue page when it was on).
import { Redis, type Requester } from "@upstash/redis";

/** @upstash/redis's client with its options set: the Redis constructor given a requester takes none. */
class RawRedis extends Redis {
  constructor(requester: Requester) {
    super(requester);
    this.opts = { automaticDeserialization: false };
    this.enableAutoPipelining = false;
  }
}

/** A client over `requester` that returns replies as they come (strings, numbers, arrays). */
export function storeClient(requester: Requester): Redis {
  return new RawRedis(requester);
}
