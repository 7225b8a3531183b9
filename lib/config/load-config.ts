// Reads config/*.json once, validates each file with its zod schema and the rules that span files,
// and stops start-up with a ConfigError naming every wrong key path.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, describeIssues } from "./config-error.ts";
import { CONFIG_FILES, type TConfig } from "./schemas.ts";

/** Where the product configuration lives, relative to the project root. */
export const DEFAULT_CONFIG_DIR = join(import.meta.dirname, "..", "..", "config");

/** Loads and validates every configuration file in `dir`; throws ConfigError listing all problems. */
export function loadConfig(dir: string = DEFAULT_CONFIG_DIR): TConfig {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, { file, schema }] of Object.entries(CONFIG_FILES)) {
    const label = `config/${file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        code === "ENOENT"
          ? `${label}: file is missing`
          : `${label}: not valid JSON (${(error as Error).message})`,
      );
      continue;
    }
    const result = schema.safeParse(raw);
    if (result.success) parsed[name] = result.data;
    else problems.push(...describeIssues(`${label}: `, result.error));
  }
  if (problems.length > 0) throw new ConfigError("Configuration", problems);
  const config = parsed as TConfig;
  const crossFile = crossFileProblems(config);
  if (crossFile.length > 0) throw new ConfigError("Configuration", crossFile);
  return Object.freeze(config);
}

/** Rules that one file's schema cannot see on its own. */
function crossFileProblems(config: TConfig): string[] {
  const problems: string[] = [];
  const { tiers, weights } = config.icp;
  if (!(tiers.tier_1 > tiers.tier_2 && tiers.tier_2 > tiers.tier_3)) {
    problems.push("config/icp.json: tiers: expected tier_1 > tier_2 > tier_3");
  }
  const weightSum = Object.values(weights).reduce((sum, w) => sum + w, 0);
  if (weightSum !== 100) {
    problems.push(
      `config/icp.json: weights: expected the weights to sum to 100, they sum to ${weightSum}`,
    );
  }
  const steps = config.cadence.steps;
  steps.forEach((step, index) => {
    if (step.step !== index + 1) {
      problems.push(
        `config/cadence.json: steps[${index}].step: expected ${index + 1} (steps in order)`,
      );
    }
    const previous = steps[index - 1];
    if (previous && step.day < previous.day) {
      problems.push(`config/cadence.json: steps[${index}].day: expected a day ≥ ${previous.day}`);
    }
    if (step.day > config.cadence.total_days) {
      problems.push(
        `config/cadence.json: steps[${index}].day: expected ≤ total_days (${config.cadence.total_days})`,
      );
    }
  });
  const [, ...laterLinkedin] = steps.filter((step) => step.channel === "linkedin");
  for (const step of laterLinkedin) {
    if (!config.sending.heyreach.step_campaigns[String(step.step)]) {
      problems.push(
        `config/sending.json: heyreach.step_campaigns: expected a campaign for LinkedIn step ${step.step} (config/cadence.json)`,
      );
    }
  }
  const tags = config.rejectionTags.tags.map((t) => t.tag);
  if (!tags.includes("queue_hygiene_non_actionable")) {
    problems.push(
      "config/rejection-tags.json: tags: expected to include queue_hygiene_non_actionable",
    );
  }
  const duplicate = tags.find((tag, i) => tags.indexOf(tag) !== i);
  if (duplicate) problems.push(`config/rejection-tags.json: tags: duplicate tag ${duplicate}`);
  const { from, to } = config.sending.send_window;
  if (from >= to)
    problems.push("config/sending.json: send_window.to: expected a time after `from`");
  return problems;
}
