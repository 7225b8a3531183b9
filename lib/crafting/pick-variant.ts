// Deterministic variety: the same lead always gets the same variant of a template, and different
// leads spread evenly across the variants (FNV-1a hash of the lead id and a salt).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** An index in [0, count) chosen by `leadId` and `salt`; 0 when count is 0 or 1. */
export function variantIndex(leadId: string, salt: string, count: number): number {
  if (count <= 1) return 0;
  let hash = FNV_OFFSET;
  const key = `${leadId}\u0000${salt}`;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return (hash >>> 0) % count;
}

/** The variant of `items` for this lead and salt. */
export function pickVariant<T>(items: readonly [T, ...T[]], leadId: string, salt: string): T {
  return items[variantIndex(leadId, salt, items.length)] ?? items[0];
}
