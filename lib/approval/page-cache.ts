// Rendered pages of the pending queue, kept per process while they stay true: a page is keyed by
// the queue's version (queue-version.ts) and the request's parameters, and expires when time alone
// would change it (a card's age in minutes, a card turning stale). Polling a queue nobody changed
// then costs one GET of the version instead of reading and parsing every card again.

/** Pages kept at most; the least recently used goes first. */
const MAX_PAGES = 64;

/** A body kept as the bytes sent: encoding 25 cards' text again on every hit cost more than the rest. */
type Entry = { body: Uint8Array<ArrayBuffer>; validUntil: number };

export type PageCache = {
  /** The body rendered under `key`, if still valid at `now` (epoch ms). */
  get(key: string, now: number): Uint8Array<ArrayBuffer> | undefined;
  set(key: string, body: Uint8Array<ArrayBuffer>, validUntil: number): void;
};

export function createPageCache(maxPages = MAX_PAGES): PageCache {
  const pages = new Map<string, Entry>();
  return {
    get(key, now) {
      const entry = pages.get(key);
      if (!entry) return undefined;
      pages.delete(key);
      if (now >= entry.validUntil) return undefined;
      pages.set(key, entry);
      return entry.body;
    },
    set(key, body, validUntil) {
      pages.delete(key);
      pages.set(key, { body, validUntil });
      while (pages.size > maxPages) pages.delete(pages.keys().next().value as string);
    },
  };
}
