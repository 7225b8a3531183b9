// Sandbox Apollo ids: 24 hex digits, like Apollo's, that carry what a search chose for a person
// (title, place, industry, headcount, required technology) so that a later match by id rebuilds the
// very same person with no stored state. A seed-dependent mask and tag make ids look random and
// let a match recognise ids that did not come from this seed.
import { hash32, hex } from "./prng.ts";

export type PersonDescriptor = {
  /** Drives everything not listed below: names, company name, email, technologies. */
  personKey: number;
  titleId: number;
  placeId: number;
  industryId: number;
  headcount: number;
  /** 0 for none, else a technology id + 1. */
  techId: number;
};

/** Largest headcount an id can carry (19 bits). */
export const MAX_HEADCOUNT = 0x7ffff;

const fits = (value: number, bits: number): boolean =>
  Number.isInteger(value) && value >= 0 && value < 2 ** bits;

export function encodePersonId(seed: string, d: PersonDescriptor): string {
  if (
    !fits(d.personKey, 32) ||
    !fits(d.titleId, 9) ||
    !fits(d.placeId, 8) ||
    !fits(d.industryId, 7) ||
    !fits(d.headcount, 19) ||
    !fits(d.techId, 5)
  ) {
    throw new Error(`sandbox person descriptor out of range: ${JSON.stringify(d)}`);
  }
  const a = (d.titleId << 15) | (d.placeId << 7) | d.industryId;
  const b = (d.headcount << 5) | d.techId;
  const maskA = hash32(seed, "mask-a", d.personKey) & 0xffffff;
  const maskB = hash32(seed, "mask-b", d.personKey) & 0xffffff;
  const tag = hash32(seed, "tag", d.personKey, a, b) & 0xffff;
  return `${hex(d.personKey, 8)}${hex(a ^ maskA, 6)}${hex(b ^ maskB, 6)}${hex(tag, 4)}`;
}

/** The descriptor an id carries, or null when it is not a sandbox id of this seed. */
export function decodePersonId(seed: string, id: string): PersonDescriptor | null {
  if (!/^[0-9a-f]{24}$/.test(id)) return null;
  const personKey = Number.parseInt(id.slice(0, 8), 16);
  const a = Number.parseInt(id.slice(8, 14), 16) ^ (hash32(seed, "mask-a", personKey) & 0xffffff);
  const b = Number.parseInt(id.slice(14, 20), 16) ^ (hash32(seed, "mask-b", personKey) & 0xffffff);
  const tag = Number.parseInt(id.slice(20, 24), 16);
  if ((hash32(seed, "tag", personKey, a, b) & 0xffff) !== tag) return null;
  return {
    personKey,
    titleId: a >>> 15,
    placeId: (a >>> 7) & 0xff,
    industryId: a & 0x7f,
    headcount: b >>> 5,
    techId: b & 0x1f,
  };
}
