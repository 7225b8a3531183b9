// Places for sandbox people and companies: city, state/region and country, with the region names
// and aliases a search filter may use ("United States", "USA", "California", "CA", "EMEA"…).

export type Place = {
  city: string;
  state: string;
  stateCode: string;
  country: string;
  region: "north america" | "europe" | "apac" | "latam" | "middle east";
};

const US = "United States";
const CA = "Canada";
const UK = "United Kingdom";

const us = (city: string, state: string, stateCode: string): Place => ({
  city,
  state,
  stateCode,
  country: US,
  region: "north america",
});

/** Every place the sandbox uses; ids are positions, so only ever append. */
export const PLACES: readonly Place[] = [
  us("San Francisco", "California", "CA"),
  us("New York", "New York", "NY"),
  us("Austin", "Texas", "TX"),
  us("Boston", "Massachusetts", "MA"),
  us("Seattle", "Washington", "WA"),
  us("Chicago", "Illinois", "IL"),
  us("Denver", "Colorado", "CO"),
  us("Atlanta", "Georgia", "GA"),
  us("Los Angeles", "California", "CA"),
  us("San Diego", "California", "CA"),
  us("San Jose", "California", "CA"),
  us("Miami", "Florida", "FL"),
  us("Dallas", "Texas", "TX"),
  us("Houston", "Texas", "TX"),
  us("Raleigh", "North Carolina", "NC"),
  us("Charlotte", "North Carolina", "NC"),
  us("Minneapolis", "Minnesota", "MN"),
  us("Salt Lake City", "Utah", "UT"),
  us("Portland", "Oregon", "OR"),
  us("Phoenix", "Arizona", "AZ"),
  us("Nashville", "Tennessee", "TN"),
  us("Philadelphia", "Pennsylvania", "PA"),
  us("Pittsburgh", "Pennsylvania", "PA"),
  us("Columbus", "Ohio", "OH"),
  us("Detroit", "Michigan", "MI"),
  us("Washington", "District of Columbia", "DC"),
  us("Irvine", "California", "CA"),
  us("Tampa", "Florida", "FL"),
  us("Indianapolis", "Indiana", "IN"),
  us("St. Louis", "Missouri", "MO"),
  { city: "Toronto", state: "Ontario", stateCode: "ON", country: CA, region: "north america" },
  {
    city: "Vancouver",
    state: "British Columbia",
    stateCode: "BC",
    country: CA,
    region: "north america",
  },
  { city: "Montreal", state: "Quebec", stateCode: "QC", country: CA, region: "north america" },
  { city: "Ottawa", state: "Ontario", stateCode: "ON", country: CA, region: "north america" },
  { city: "Calgary", state: "Alberta", stateCode: "AB", country: CA, region: "north america" },
  { city: "London", state: "England", stateCode: "ENG", country: UK, region: "europe" },
  { city: "Manchester", state: "England", stateCode: "ENG", country: UK, region: "europe" },
  { city: "Edinburgh", state: "Scotland", stateCode: "SCT", country: UK, region: "europe" },
  { city: "Dublin", state: "County Dublin", stateCode: "D", country: "Ireland", region: "europe" },
  { city: "Berlin", state: "Berlin", stateCode: "BE", country: "Germany", region: "europe" },
  { city: "Munich", state: "Bavaria", stateCode: "BY", country: "Germany", region: "europe" },
  { city: "Hamburg", state: "Hamburg", stateCode: "HH", country: "Germany", region: "europe" },
  { city: "Paris", state: "Île-de-France", stateCode: "IDF", country: "France", region: "europe" },
  {
    city: "Amsterdam",
    state: "North Holland",
    stateCode: "NH",
    country: "Netherlands",
    region: "europe",
  },
  {
    city: "Madrid",
    state: "Community of Madrid",
    stateCode: "MD",
    country: "Spain",
    region: "europe",
  },
  { city: "Barcelona", state: "Catalonia", stateCode: "CT", country: "Spain", region: "europe" },
  {
    city: "Stockholm",
    state: "Stockholm County",
    stateCode: "AB",
    country: "Sweden",
    region: "europe",
  },
  {
    city: "Copenhagen",
    state: "Capital Region",
    stateCode: "84",
    country: "Denmark",
    region: "europe",
  },
  {
    city: "Sydney",
    state: "New South Wales",
    stateCode: "NSW",
    country: "Australia",
    region: "apac",
  },
  { city: "Melbourne", state: "Victoria", stateCode: "VIC", country: "Australia", region: "apac" },
  { city: "Singapore", state: "Singapore", stateCode: "SG", country: "Singapore", region: "apac" },
  { city: "Bengaluru", state: "Karnataka", stateCode: "KA", country: "India", region: "apac" },
  {
    city: "Tel Aviv",
    state: "Tel Aviv District",
    stateCode: "TA",
    country: "Israel",
    region: "middle east",
  },
  { city: "São Paulo", state: "São Paulo", stateCode: "SP", country: "Brazil", region: "latam" },
  {
    city: "Mexico City",
    state: "Mexico City",
    stateCode: "CMX",
    country: "Mexico",
    region: "latam",
  },
];

const COUNTRY_ALIASES: Record<string, string> = {
  us: US,
  usa: US,
  "u.s.": US,
  "u.s.a.": US,
  "united states of america": US,
  america: US,
  uk: UK,
  "great britain": UK,
  britain: UK,
  england: UK,
};

const REGION_ALIASES: Record<string, Place["region"][]> = {
  "north america": ["north america"],
  namer: ["north america"],
  europe: ["europe"],
  emea: ["europe", "middle east"],
  apac: ["apac"],
  "asia pacific": ["apac"],
  latam: ["latam"],
  "latin america": ["latam"],
  "middle east": ["middle east"],
};

const norm = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim();

/** Whether `place` satisfies one location filter such as "United States", "Texas", "Austin, TX". */
export function placeMatches(place: Place, filter: string): boolean {
  const wanted = norm(filter);
  if (wanted === "") return false;
  const country = COUNTRY_ALIASES[wanted] ?? null;
  if (country) return place.country === country;
  const regions = REGION_ALIASES[wanted];
  if (regions) return regions.includes(place.region);
  const names = [place.city, place.state, place.country, place.stateCode].map(norm);
  if (names.includes(wanted)) return true;
  const [first, second] = wanted.split(",").map((part) => part.trim());
  if (first && second) {
    return (
      norm(place.city) === first &&
      [place.state, place.stateCode, place.country].map(norm).includes(second)
    );
  }
  return false;
}

/** Ids (positions in PLACES) of the places any of the filters accepts; every place when none do. */
export function placesFor(filters: readonly string[]): number[] {
  const ids = PLACES.flatMap((place, id) =>
    filters.some((filter) => placeMatches(place, filter)) ? [id] : [],
  );
  return ids.length > 0 ? ids : PLACES.map((_, id) => id);
}
