// Apollo's people, as parsed from its responses, turned into our normalised shapes: a search hit
// into a TSearchPerson, a matched person into a TPersonProfile (email source "apollo").
import type { z } from "zod";
import {
  type TPersonProfile,
  type TSearchPerson,
  ZEmailStatus,
  ZSeniority,
} from "../leads/profile.ts";
import type { ZApolloPerson, ZApolloSearchPerson } from "./apollo-schemas.ts";

type SearchPerson = z.output<typeof ZApolloSearchPerson>;
type Person = z.output<typeof ZApolloPerson>;

/** Apollo's stand-in for an email it has not revealed: not an address. */
const LOCKED_EMAIL = /^email_not_unlocked@/i;

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The host of a website URL without "www.", or null. */
export function domainOf(url: string | null | undefined): string | null {
  const value = clean(url);
  if (!value) return null;
  try {
    const host = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`).hostname;
    return host.replace(/^www\./, "").toLowerCase() || null;
  } catch {
    return null;
  }
}

export function toSearchPerson(person: SearchPerson): TSearchPerson {
  return {
    apolloId: person.id,
    firstName: clean(person.first_name) ?? "",
    lastNameObfuscated: clean(person.last_name_obfuscated),
    title: clean(person.title),
    organizationName: clean(person.organization?.name),
    hasEmail: person.has_email ?? false,
  };
}

const emailStatusOf = (status: string | null | undefined) => {
  const parsed = ZEmailStatus.safeParse(
    status
      ?.trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  return parsed.success ? parsed.data : null;
};

const intOrNull = (value: number | null | undefined): number | null =>
  typeof value === "number" && Number.isFinite(value) ? Math.round(value) : null;

/**
 * A matched person as a profile, or null when Apollo gave too little to use: no first name, or no
 * company name anywhere (organization, current job).
 */
export function toPersonProfile(person: Person): TPersonProfile | null {
  const fullName = clean(person.name)?.split(/\s+/) ?? [];
  const firstName = clean(person.first_name) ?? fullName[0] ?? null;
  const lastName =
    clean(person.last_name) ?? (fullName.length > 1 ? fullName.slice(1).join(" ") : "");
  const org = person.organization ?? null;
  const currentJob = person.employment_history?.find((job) => job.current) ?? null;
  const companyName = clean(org?.name) ?? clean(currentJob?.organization_name);
  if (!firstName || !companyName) return null;

  const rawEmail = clean(person.email);
  const email = rawEmail && !LOCKED_EMAIL.test(rawEmail) ? rawEmail : null;
  const seniority = ZSeniority.safeParse(clean(person.seniority)?.toLowerCase());
  const websiteUrl = clean(org?.website_url);
  return {
    apolloId: person.id,
    firstName,
    lastName,
    title: clean(person.title) ?? clean(currentJob?.title),
    headline: clean(person.headline),
    seniority: seniority.success ? seniority.data : null,
    departments: person.departments ?? [],
    city: clean(person.city),
    state: clean(person.state),
    country: clean(person.country),
    email,
    emailStatus: emailStatusOf(person.email_status),
    emailSource: email ? "apollo" : null,
    linkedinUrl: clean(person.linkedin_url),
    company: {
      name: companyName,
      domain: domainOf(org?.primary_domain) ?? domainOf(websiteUrl),
      websiteUrl,
      linkedinUrl: clean(org?.linkedin_url),
      industry: clean(org?.industry) ?? clean(org?.industries?.[0]),
      employees: intOrNull(org?.estimated_num_employees),
      annualRevenue: typeof org?.annual_revenue === "number" ? org.annual_revenue : null,
      foundedYear: intOrNull(org?.founded_year),
      technologies: org?.technology_names ?? [],
    },
  };
}
