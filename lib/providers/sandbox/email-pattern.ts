// How a sandbox company spells its people's addresses (first.last@, flast@, …): one pattern per
// domain, so colleagues share it, as at real companies.
import { createRng, slug } from "./prng.ts";

const PATTERNS = [
  ["first.last", 50],
  ["flast", 20],
  ["first", 9],
  ["firstlast", 9],
  ["first_last", 6],
  ["f.last", 6],
] as const;

/** The address the domain's pattern gives the person (null when a name part is unusable). */
export function emailFor(seed: string, first: string, last: string, domain: string): string | null {
  const f = slug(first);
  const l = slug(last);
  if (!f || !l || !domain) return null;
  const pattern = createRng(seed, "email-pattern", domain).weighted(PATTERNS);
  const local = {
    "first.last": `${f}.${l}`,
    flast: `${f[0]}${l}`,
    first: f,
    firstlast: `${f}${l}`,
    first_last: `${f}_${l}`,
    "f.last": `${f[0]}.${l}`,
  }[pattern];
  return `${local}@${domain.toLowerCase()}`;
}
