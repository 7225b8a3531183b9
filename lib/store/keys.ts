// Key naming for the store: every key the app writes is built here, under one shared prefix.

/** Prefix of every key the app owns, so its data can be told apart on a shared Redis. */
export const STORE_KEY_PREFIX = "alpha-swarm";

/**
 * Builds a store key: `alpha-swarm:<part>:<part>…`.
 * Throws on an empty part (it would merge two key spaces) and on NaN or Infinity.
 */
export function storeKey(...parts: (string | number)[]): string {
  if (parts.length === 0) throw new Error("storeKey needs at least one part");
  let key = STORE_KEY_PREFIX;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (typeof part === "number" && !Number.isFinite(part)) {
      throw new Error(`storeKey part ${index} is not a finite number`);
    }
    if (part === "") throw new Error(`storeKey part ${index} is empty`);
    key += `:${part}`;
  }
  return key;
}
