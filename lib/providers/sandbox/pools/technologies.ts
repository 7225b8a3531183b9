// Technologies a sandbox company may use, with how common each is among B2B companies. The first
// 31 are the ones a keyword search can require (their position + 1 is stored in a sandbox person id).

export type Technology = { name: string; prevalence: number };

/** Every technology the sandbox uses; ids are positions, so only ever append. */
export const TECHNOLOGIES: readonly Technology[] = [
  { name: "Salesforce", prevalence: 0.45 },
  { name: "HubSpot", prevalence: 0.32 },
  { name: "Gong", prevalence: 0.14 },
  { name: "Outreach", prevalence: 0.16 },
  { name: "Salesloft", prevalence: 0.11 },
  { name: "ZoomInfo", prevalence: 0.18 },
  { name: "LinkedIn Sales Navigator", prevalence: 0.3 },
  { name: "Clari", prevalence: 0.06 },
  { name: "Chorus.ai", prevalence: 0.04 },
  { name: "Apollo", prevalence: 0.1 },
  { name: "Marketo", prevalence: 0.11 },
  { name: "Pardot", prevalence: 0.08 },
  { name: "Drift", prevalence: 0.07 },
  { name: "Intercom", prevalence: 0.15 },
  { name: "Zendesk", prevalence: 0.19 },
  { name: "Slack", prevalence: 0.6 },
  { name: "Zoom", prevalence: 0.55 },
  { name: "Microsoft Office 365", prevalence: 0.42 },
  { name: "Google Workspace", prevalence: 0.48 },
  { name: "Amazon AWS", prevalence: 0.5 },
  { name: "Snowflake", prevalence: 0.1 },
  { name: "Segment", prevalence: 0.13 },
  { name: "Stripe", prevalence: 0.2 },
  { name: "NetSuite", prevalence: 0.14 },
  { name: "Workday", prevalence: 0.09 },
  { name: "Okta", prevalence: 0.2 },
  { name: "Atlassian Jira", prevalence: 0.35 },
  { name: "Tableau", prevalence: 0.12 },
  { name: "Looker", prevalence: 0.08 },
  { name: "Greenhouse", prevalence: 0.14 },
  { name: "DocuSign", prevalence: 0.25 },
  { name: "Google Analytics", prevalence: 0.7 },
  { name: "Google Tag Manager", prevalence: 0.55 },
  { name: "WordPress.org", prevalence: 0.3 },
  { name: "Cloudflare DNS", prevalence: 0.35 },
  { name: "Calendly", prevalence: 0.25 },
  { name: "Hotjar", prevalence: 0.15 },
  { name: "Mailchimp", prevalence: 0.14 },
  { name: "Datadog", prevalence: 0.1 },
  { name: "GitHub", prevalence: 0.3 },
  { name: "Mobile Friendly", prevalence: 0.8 },
];

/** How many leading technologies a keyword search can require. */
export const REQUIRABLE_TECHNOLOGIES = 31;

/** Id of the requirable technology a keyword names exactly (case-insensitive), else null. */
export function technologyFor(keyword: string | undefined): number | null {
  const wanted = keyword?.trim().toLowerCase();
  if (!wanted) return null;
  const id = TECHNOLOGIES.findIndex((tech) => tech.name.toLowerCase() === wanted);
  return id >= 0 && id < REQUIRABLE_TECHNOLOGIES ? id : null;
}
