// Industries for sandbox companies, named as Apollo names them, each with the words a keyword
// search might use for it and the suffixes that make a plausible company name in that field.

export type Industry = {
  name: string;
  keywords: readonly string[];
  nameSuffixes: readonly string[];
  /** Relative frequency among B2B companies. */
  weight: number;
};

/** Every industry the sandbox uses; ids are positions, so only ever append. */
export const INDUSTRIES: readonly Industry[] = [
  {
    name: "computer software",
    keywords: ["software", "saas", "b2b saas", "cloud", "platform", "tech"],
    nameSuffixes: ["Software", "Labs", "Cloud", "Systems", "HQ", "Technologies"],
    weight: 14,
  },
  {
    name: "information technology & services",
    keywords: ["it", "it services", "technology", "saas", "cloud", "managed services", "tech"],
    nameSuffixes: ["Technologies", "Systems", "Solutions", "Digital", "Networks"],
    weight: 12,
  },
  {
    name: "internet",
    keywords: ["internet", "saas", "marketplace", "e-commerce", "online", "tech"],
    nameSuffixes: ["Labs", "Online", "HQ", "Digital"],
    weight: 6,
  },
  {
    name: "marketing & advertising",
    keywords: ["marketing", "advertising", "agency", "martech", "media"],
    nameSuffixes: ["Media", "Marketing", "Creative", "Agency", "Digital"],
    weight: 6,
  },
  {
    name: "financial services",
    keywords: ["fintech", "finance", "financial services", "payments", "banking", "lending"],
    nameSuffixes: ["Financial", "Capital", "Pay", "Finance", "Partners"],
    weight: 6,
  },
  {
    name: "hospital & health care",
    keywords: ["healthcare", "health care", "health", "healthtech", "medical", "clinical"],
    nameSuffixes: ["Health", "Care", "Medical", "Clinics"],
    weight: 5,
  },
  {
    name: "staffing & recruiting",
    keywords: ["staffing", "recruiting", "hr", "talent", "hiring"],
    nameSuffixes: ["Talent", "Staffing", "Recruiting", "People"],
    weight: 3,
  },
  {
    name: "management consulting",
    keywords: ["consulting", "advisory", "strategy", "professional services"],
    nameSuffixes: ["Consulting", "Advisors", "Partners", "Group"],
    weight: 4,
  },
  {
    name: "logistics & supply chain",
    keywords: ["logistics", "supply chain", "freight", "shipping", "warehousing"],
    nameSuffixes: ["Logistics", "Freight", "Supply", "Transport"],
    weight: 3,
  },
  {
    name: "e-learning",
    keywords: ["edtech", "e-learning", "education", "learning", "training"],
    nameSuffixes: ["Learning", "Academy", "Education", "Labs"],
    weight: 2,
  },
  {
    name: "insurance",
    keywords: ["insurance", "insurtech", "risk"],
    nameSuffixes: ["Insurance", "Assurance", "Risk", "Mutual"],
    weight: 3,
  },
  {
    name: "real estate",
    keywords: ["real estate", "proptech", "property", "commercial real estate"],
    nameSuffixes: ["Properties", "Realty", "Homes", "Estates"],
    weight: 2,
  },
  {
    name: "telecommunications",
    keywords: ["telecom", "telecommunications", "voip", "connectivity", "5g"],
    nameSuffixes: ["Communications", "Telecom", "Networks", "Connect"],
    weight: 2,
  },
  {
    name: "computer & network security",
    keywords: ["security", "cybersecurity", "infosec", "identity", "compliance"],
    nameSuffixes: ["Security", "Shield", "Defense", "Cyber"],
    weight: 4,
  },
  {
    name: "accounting",
    keywords: ["accounting", "bookkeeping", "tax", "audit", "cpa"],
    nameSuffixes: ["Accounting", "CPAs", "Tax", "Advisors"],
    weight: 2,
  },
  {
    name: "construction",
    keywords: ["construction", "contech", "building", "contractor"],
    nameSuffixes: ["Construction", "Builders", "Build", "Contracting"],
    weight: 2,
  },
  {
    name: "mechanical or industrial engineering",
    keywords: ["manufacturing", "industrial", "engineering", "industry 4.0"],
    nameSuffixes: ["Industries", "Engineering", "Manufacturing", "Works"],
    weight: 3,
  },
  {
    name: "retail",
    keywords: ["retail", "e-commerce", "ecommerce", "dtc", "consumer"],
    nameSuffixes: ["Retail", "Goods", "Co", "Market"],
    weight: 3,
  },
  {
    name: "biotechnology",
    keywords: ["biotech", "biotechnology", "life sciences", "pharma"],
    nameSuffixes: ["Bio", "Therapeutics", "Biosciences", "Genomics"],
    weight: 2,
  },
  {
    name: "medical devices",
    keywords: ["medtech", "medical devices", "devices", "life sciences"],
    nameSuffixes: ["Medical", "Devices", "Surgical", "Diagnostics"],
    weight: 2,
  },
  {
    name: "human resources",
    keywords: ["hr", "hr tech", "human resources", "payroll", "benefits", "people ops"],
    nameSuffixes: ["HR", "People", "Workforce", "Benefits"],
    weight: 2,
  },
  {
    name: "market research",
    keywords: ["market research", "research", "insights", "analytics", "data"],
    nameSuffixes: ["Insights", "Research", "Analytics", "Data"],
    weight: 2,
  },
  {
    name: "renewables & environment",
    keywords: ["cleantech", "climate", "energy", "renewables", "solar", "sustainability"],
    nameSuffixes: ["Energy", "Solar", "Climate", "Power"],
    weight: 2,
  },
  {
    name: "transportation/trucking/railroad",
    keywords: ["transportation", "trucking", "fleet", "mobility"],
    nameSuffixes: ["Transport", "Fleet", "Mobility", "Lines"],
    weight: 1,
  },
  {
    name: "venture capital & private equity",
    keywords: ["vc", "venture capital", "private equity", "investing"],
    nameSuffixes: ["Ventures", "Capital", "Equity", "Partners"],
    weight: 1,
  },
  {
    name: "professional training & coaching",
    keywords: ["coaching", "training", "sales training", "enablement"],
    nameSuffixes: ["Coaching", "Training", "Institute", "Academy"],
    weight: 1,
  },
];

/** Ids of the industries a keyword search plausibly matches (none when the keyword names none). */
export function industriesFor(keyword: string | undefined): number[] {
  const wanted = keyword?.trim().toLowerCase();
  if (!wanted) return [];
  return INDUSTRIES.flatMap((industry, id) =>
    industry.name === wanted || industry.keywords.includes(wanted) ? [id] : [],
  );
}
