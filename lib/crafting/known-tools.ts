// The revenue tools crafting can name in copy, keyed by lower-cased name, in the order they are
// worth mentioning, with whether each is a CRM (where AI updates land).

import { titleCaseKey } from "./text.ts";

type TTool = { name: string; crm: boolean };

const TOOLS: readonly TTool[] = [
  { name: "Salesforce", crm: true },
  { name: "HubSpot", crm: true },
  { name: "Pipedrive", crm: true },
  { name: "Microsoft Dynamics", crm: true },
  { name: "Zoho CRM", crm: true },
  { name: "Gong", crm: false },
  { name: "Chorus", crm: false },
  { name: "Outreach", crm: false },
  { name: "Salesloft", crm: false },
  { name: "Apollo", crm: false },
  { name: "Clari", crm: false },
  { name: "ZoomInfo", crm: false },
  { name: "Snowflake", crm: false },
  { name: "Slack", crm: false },
];

const BY_KEY = new Map(TOOLS.map((tool, rank) => [tool.name.toLowerCase(), { ...tool, rank }]));

/** The company's tools crafting knows, best-known first: the CRM (if any) and up to `max` names. */
export function revenueStack(
  technologies: readonly string[],
  max: number,
): { crm: string | null; tools: string[] } {
  const known: Array<TTool & { rank: number }> = [];
  for (const tech of technologies) {
    const tool = BY_KEY.get(tech.trim().toLowerCase());
    if (tool && !known.includes(tool)) known.push(tool);
  }
  known.sort((a, b) => a.rank - b.rank);
  return {
    crm: known.find((t) => t.crm)?.name ?? null,
    tools: known.slice(0, max).map((t) => t.name),
  };
}

/** The display name of a tool from a campaign key such as "gong" or "sales_loft". */
export function toolDisplayName(key: string): string {
  return (
    BY_KEY.get(key.replaceAll("_", " "))?.name ??
    BY_KEY.get(key.replaceAll("_", ""))?.name ??
    titleCaseKey(key)
  );
}

/** Every tool crafting can name, as written in copy. */
export const KNOWN_TOOL_NAMES: readonly string[] = TOOLS.map((tool) => tool.name);
