// Builds a compression dictionary for compact-json.ts from what the app's large records are made
// of: every template text, and the shape of a card, a profile and a score (field names, and the
// phrases the code writes into reasons and compliance details) taken from a sandbox run, with
// every value that could be about a person blanked. Prints a TypeScript module to freeze as the
// next dictionary version: `node lib/store/compact/build-dictionary.ts > lib/store/compact/dictionary-vN.ts`.
// A frozen version is never changed: records compressed with it must stay readable.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functions } from "../../../functions/index.ts";
import { DEFAULT_TEMPLATES } from "../../crafting/templates/default-templates.ts";
import { VirtualClock } from "../../engine/index.ts";
import type { TLeadRecord } from "../../leads/lead-record.ts";
import { createLogger } from "../../log.ts";
import { startRun } from "../../pipeline/start-run.ts";
import { createRuntime } from "../../runtime/runtime.ts";
import type { TCard } from "../card-repo.ts";

/** Fields whose text the code writes (phrases, enumerations), kept; every other text is blanked. */
const KEEP = new Set([
  "reason",
  "detail",
  "factor",
  "field",
  "template",
  "channel",
  "status",
  "tier",
  "source",
  "emailStatus",
  "emailSource",
  "seniority",
  "departments",
  "industry",
  "technologies",
  "subject",
  "body",
]);

function blanked(value: unknown, key = ""): unknown {
  if (typeof value === "string") {
    // Ids are kept only when they are codes (a compliance check's "unsubscribe_line").
    if (key === "id") return /^[a-z_]+$/.test(value) ? value : "";
    return KEEP.has(key) ? value : "";
  }
  if (typeof value === "number") return 0;
  if (Array.isArray(value)) return value.map((item) => blanked(item, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blanked(v, k)]));
  }
  return value;
}

/** Deflate reads only the last 32 KiB of a dictionary: the text is cut to them, at a line. */
const WINDOW_BYTES = 32 * 1024;

function lastWindow(text: string): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= WINDOW_BYTES) return text;
  const tail = bytes.subarray(bytes.length - WINDOW_BYTES).toString("utf8");
  return tail.slice(tail.indexOf("\n") + 1);
}

function texts(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) texts(item, out);
  else if (value && typeof value === "object")
    for (const item of Object.values(value)) texts(item, out);
  return out;
}

const dataDir = mkdtempSync(join(tmpdir(), "as-dictionary-"));
const runtime = await createRuntime({
  rawEnv: { DATA_DIR: dataDir },
  clock: new VirtualClock(Date.parse("2026-11-24T15:00:00Z")),
  functions,
  logger: createLogger({ level: "error" }),
  startCrons: false,
  sandboxSeed: "dictionary",
});
try {
  // One sample card per campaign: each campaign's angle has its own phrases.
  const samples: { card: TCard; lead: TLeadRecord }[] = [];
  for (const campaign of Object.keys(runtime.config.campaigns)) {
    await startRun(runtime, { campaign, mode: "sandbox", limit: 20 }, "dictionary");
    await runtime.engine?.runUntilIdle({ maxSteps: 100_000 });
    const cards = await runtime.repos.cards.getMany(await runtime.repos.cards.pendingIds());
    const card = cards.find((c) => c?.campaign === campaign && c.status === "pending");
    const [lead] = card ? await runtime.repos.leads.getMany([card.leadId]) : [];
    // A campaign whose sandbox run crafts nothing (the revival motion finds its people in the CRM
    // on a schedule) adds no sample; its angle's phrases still come from the templates' shapes.
    if (!card || !lead?.profile || !lead.score) {
      process.stderr.write(`no sample card for ${campaign}: skipped\n`);
      continue;
    }
    samples.push({ card, lead });
  }
  // The rendered messages are kept for their shared text (angles, snippets, the footer), with the
  // sample people's and companies' names taken out.
  const names = samples
    .flatMap(({ lead }) => {
      const profile = lead.profile;
      return profile
        ? [profile.firstName, profile.lastName, profile.company.name, profile.title ?? ""]
        : [];
    })
    .filter((name) => name.length > 2)
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) => names.reduce((out, name) => out.split(name).join(""), text);
  const [first] = samples;
  if (!first) throw new Error("no campaign configured");
  // Deflate finds matches nearest the end of the dictionary cheapest: the most common last.
  const dictionary = scrub(
    [
      texts(DEFAULT_TEMPLATES).join("\n"),
      JSON.stringify(blanked({ profile: first.lead.profile, enrichment: first.lead.enrichment })),
      JSON.stringify(blanked(first.lead.score)),
      ...samples.map(({ card }) => JSON.stringify(blanked(card))),
    ].join("\n"),
  );
  process.stdout.write(
    `// A frozen compression dictionary for compact-json.ts, built by build-dictionary.ts. Never edit:\n// records compressed with it must stay readable.\nexport const DICTIONARY = ${JSON.stringify(lastWindow(dictionary))};\n`,
  );
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
