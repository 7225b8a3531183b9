// Job titles for sandbox people, each with Apollo's seniority and departments, and the matching of
// a search's free-text titles ("VP Sales", "COO") to them, exactly or as similar titles.
import type { z } from "zod";
import type { ZSeniority } from "../../../leads/profile.ts";

type Seniority = z.infer<typeof ZSeniority>;

export type Title = { title: string; seniority: Seniority; departments: readonly string[] };

type Fn = { name: string; department: string };

const FUNCTIONS: readonly Fn[] = [
  { name: "Sales", department: "master_sales" },
  { name: "Revenue Operations", department: "master_operations" },
  { name: "Sales Operations", department: "master_sales" },
  { name: "Sales Enablement", department: "master_sales" },
  { name: "Business Development", department: "master_sales" },
  { name: "Partnerships", department: "master_sales" },
  { name: "Marketing", department: "master_marketing" },
  { name: "Demand Generation", department: "master_marketing" },
  { name: "Growth", department: "master_marketing" },
  { name: "Customer Success", department: "master_support" },
  { name: "Operations", department: "master_operations" },
  { name: "Finance", department: "master_finance" },
  { name: "Engineering", department: "master_engineering_technical" },
  { name: "Product", department: "master_product_management" },
  { name: "People", department: "master_human_resources" },
  { name: "IT", department: "master_information_technology" },
];

const C_SUITE: readonly Title[] = [
  { title: "Chief Executive Officer", seniority: "c_suite", departments: ["c_suite"] },
  { title: "CEO", seniority: "c_suite", departments: ["c_suite"] },
  {
    title: "Chief Operating Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_operations"],
  },
  { title: "COO", seniority: "c_suite", departments: ["c_suite", "master_operations"] },
  {
    title: "Chief Revenue Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_sales"],
  },
  { title: "CRO", seniority: "c_suite", departments: ["c_suite", "master_sales"] },
  { title: "Chief Sales Officer", seniority: "c_suite", departments: ["c_suite", "master_sales"] },
  {
    title: "Chief Marketing Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_marketing"],
  },
  { title: "CMO", seniority: "c_suite", departments: ["c_suite", "master_marketing"] },
  {
    title: "Chief Financial Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_finance"],
  },
  { title: "CFO", seniority: "c_suite", departments: ["c_suite", "master_finance"] },
  {
    title: "Chief Technology Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_engineering_technical"],
  },
  { title: "CTO", seniority: "c_suite", departments: ["c_suite", "master_engineering_technical"] },
  {
    title: "Chief Customer Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_support"],
  },
  {
    title: "Chief Growth Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_marketing"],
  },
  {
    title: "Chief People Officer",
    seniority: "c_suite",
    departments: ["c_suite", "master_human_resources"],
  },
  { title: "President", seniority: "c_suite", departments: ["c_suite"] },
  { title: "Founder", seniority: "founder", departments: ["c_suite"] },
  { title: "Co-Founder", seniority: "founder", departments: ["c_suite"] },
  { title: "Founder & CEO", seniority: "founder", departments: ["c_suite"] },
  {
    title: "Co-Founder & CTO",
    seniority: "founder",
    departments: ["c_suite", "master_engineering_technical"],
  },
  { title: "Owner", seniority: "owner", departments: ["c_suite"] },
  { title: "Managing Director", seniority: "owner", departments: ["c_suite"] },
  { title: "Partner", seniority: "partner", departments: ["c_suite"] },
  { title: "Managing Partner", seniority: "partner", departments: ["c_suite"] },
];

const INDIVIDUALS: readonly Title[] = [
  { title: "Senior Account Executive", seniority: "senior", departments: ["master_sales"] },
  { title: "Enterprise Account Executive", seniority: "senior", departments: ["master_sales"] },
  {
    title: "Senior Revenue Operations Analyst",
    seniority: "senior",
    departments: ["master_operations"],
  },
  {
    title: "Senior Product Marketing Manager",
    seniority: "senior",
    departments: ["master_marketing"],
  },
  { title: "Account Executive", seniority: "entry", departments: ["master_sales"] },
  { title: "Sales Development Representative", seniority: "entry", departments: ["master_sales"] },
  {
    title: "Business Development Representative",
    seniority: "entry",
    departments: ["master_sales"],
  },
  { title: "Marketing Coordinator", seniority: "entry", departments: ["master_marketing"] },
  { title: "Revenue Operations Analyst", seniority: "entry", departments: ["master_operations"] },
  { title: "Sales Intern", seniority: "intern", departments: ["master_sales"] },
  { title: "Marketing Intern", seniority: "intern", departments: ["master_marketing"] },
];

const byFunction = (fn: Fn): Title[] => [
  { title: `VP ${fn.name}`, seniority: "vp", departments: [fn.department] },
  { title: `VP of ${fn.name}`, seniority: "vp", departments: [fn.department] },
  { title: `Vice President of ${fn.name}`, seniority: "vp", departments: [fn.department] },
  { title: `SVP ${fn.name}`, seniority: "vp", departments: [fn.department] },
  { title: `Head of ${fn.name}`, seniority: "head", departments: [fn.department] },
  { title: `Director of ${fn.name}`, seniority: "director", departments: [fn.department] },
  { title: `Senior Director of ${fn.name}`, seniority: "director", departments: [fn.department] },
  { title: `${fn.name} Manager`, seniority: "manager", departments: [fn.department] },
];

/** Every title the sandbox uses (under 512); ids are positions, so only ever append. */
export const TITLES: readonly Title[] = [
  ...C_SUITE,
  ...FUNCTIONS.flatMap(byFunction),
  ...INDIVIDUALS,
];

const EXPANSIONS: Record<string, string> = {
  vp: "vice president",
  svp: "senior vice president",
  evp: "senior vice president",
  ceo: "chief executive officer",
  coo: "chief operations officer",
  operating: "operations",
  cro: "chief revenue officer",
  cmo: "chief marketing officer",
  cfo: "chief financial officer",
  financial: "finance",
  cto: "chief technology officer",
  cso: "chief sales officer",
  revops: "revenue operations",
  sr: "senior",
  dir: "director",
  mgr: "manager",
  bizdev: "business development",
  cofounder: "co founder",
  "&": "and",
};
const FILLER = new Set(["of", "the", "and", "for"]);
/** Words that say how senior a title is rather than what it is about. */
const LEVEL = new Set([
  "vice",
  "president",
  "senior",
  "chief",
  "officer",
  "head",
  "director",
  "manager",
  "co",
  "founder",
  "owner",
  "partner",
  "managing",
  "intern",
  "lead",
  "principal",
]);

/** Title words, lower-cased, abbreviations expanded and filler dropped: "VP of Sales" → vice president sales. */
export function titleWords(title: string): string[] {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9&\s]/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (EXPANSIONS[word] ?? word).split(" "))
    .filter((word) => !FILLER.has(word));
}

type Words = { all: readonly string[]; fn: readonly string[] };
const wordsOf = (title: string): Words => {
  const all = titleWords(title);
  return { all, fn: all.filter((word) => !LEVEL.has(word)) };
};
const jaccard = (a: readonly string[], b: readonly string[]): number => {
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 0 : a.filter((word) => b.includes(word)).length / union;
};
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((word) => b.includes(word));
/** How alike two titles are: what they are about first, then their wording. */
const likeness = (a: Words, b: Words): number =>
  a.fn.length > 0 ? jaccard(a.fn, b.fn) + jaccard(a.all, b.all) / 2 : jaccard(a.all, b.all);

const CATALOGUE = TITLES.map((entry) => wordsOf(entry.title));

/**
 * Title ids for a search's titles: `exact` names the same title (in any wording), `similar` is
 * about the same thing at any level ("VP Sales" → "Head of Sales", "Chief Sales Officer"). A
 * title the catalogue lacks gets its closest entries as exact.
 */
export function titlesFor(titles: readonly string[]): { exact: number[]; similar: number[] } {
  const exact = new Set<number>();
  const similar = new Set<number>();
  for (const title of titles) {
    const words = wordsOf(title);
    const scores = CATALOGUE.map((candidate) => likeness(words, candidate));
    const hits = CATALOGUE.flatMap((candidate, id) =>
      sameSet(words.all, candidate.all) ? [id] : [],
    );
    if (hits.length === 0) {
      const best = Math.max(...scores);
      if (best >= 0.5) {
        scores.forEach((score, id) => {
          if (score === best) exact.add(id);
        });
      }
    }
    for (const id of hits) exact.add(id);
    CATALOGUE.forEach((candidate, id) => {
      const about =
        words.fn.length > 0 ? jaccard(words.fn, candidate.fn) : jaccard(words.all, candidate.all);
      if (about >= 0.5) similar.add(id);
    });
  }
  for (const id of exact) similar.delete(id);
  return { exact: [...exact], similar: [...similar] };
}
