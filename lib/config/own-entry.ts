// Lookups keyed by user input into configuration maps: only a map's own keys count, so names such
// as "toString", "constructor" or "__proto__" are unknown rather than inherited functions.

/** The value under `key` when `map` has it as an own key; undefined otherwise. */
export function ownEntry<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
