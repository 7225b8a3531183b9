// loadConfig: the shipped config/ is valid, and a wrong or missing value names its key path.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/config/config-error.ts";
import { DEFAULT_CONFIG_DIR, loadConfig } from "../../lib/config/load-config.ts";

const dirs: string[] = [];
function copyOfConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), "as-config-"));
  dirs.push(dir);
  cpSync(DEFAULT_CONFIG_DIR, dir, { recursive: true });
  return dir;
}
// biome-ignore lint/suspicious/noExplicitAny: tests reach into arbitrary JSON to break it on purpose
type Json = Record<string, any>;
function edit(dir: string, file: string, change: (json: Json) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, "utf8"));
  change(json);
  writeFileSync(path, JSON.stringify(json));
}
function problemsOf(dir: string): string[] {
  try {
    loadConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected loadConfig to fail");
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("accepts the shipped configuration with the product's defaults", () => {
    const config = loadConfig();
    expect(config.ramp).toMatchObject({
      mode: "clean_days",
      clean_days_required: 3,
      ramp_daily_limit: 5,
    });
    expect(config.ramp.ramp_tiers).toEqual(["tier_1"]);
    expect(config.caps.daily).toEqual({ email: 25, linkedin: 20 });
    expect(config.sending.send_window.timezone).toBe("America/Detroit");
    expect(Object.keys(config.campaigns)).toEqual(
      expect.arrayContaining(["default", "competitor_gong", "event_saastr"]),
    );
    expect(config.cadence.steps).toHaveLength(8);
    expect(config.cadence.total_days).toBe(21);
    expect(config.rejectionTags.tags.map((t) => t.tag)).toContain("queue_hygiene_non_actionable");
    expect(config.queue.pending_max_age_hours).toBe(72);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("names the file, key path and expectation of a wrong type", () => {
    const dir = copyOfConfig();
    edit(dir, "ramp.json", (j) => {
      j.clean_days_required = "three";
    });
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\/ramp\.json: clean_days_required: .*expected number/);
  });

  it("names a missing key and a nested array path", () => {
    const dir = copyOfConfig();
    edit(dir, "sending.json", (j) => {
      delete j.send_window.timezone;
      j.accounts[1].email = "not-an-email";
    });
    const problems = problemsOf(dir).join("\n");
    expect(problems).toContain("config/sending.json: send_window.timezone:");
    expect(problems).toContain("config/sending.json: accounts[1].email:");
  });

  it("refuses an unknown time zone, an unknown key, and a missing file", () => {
    const dir = copyOfConfig();
    edit(dir, "sending.json", (j) => {
      j.send_window.timezone = "Mars/Olympus";
    });
    edit(dir, "caps.json", (j) => {
      j.daily.sms = 5;
    });
    rmSync(join(dir, "kpis.json"));
    const problems = problemsOf(dir).join("\n");
    expect(problems).toContain(
      "config/sending.json: send_window.timezone: expected an IANA time zone",
    );
    expect(problems).toMatch(/config\/caps\.json: daily: .*sms/);
    expect(problems).toContain("config/kpis.json: file is missing");
  });

  it("wants a named sender with a role, whose name opens the signature", () => {
    const noRole = copyOfConfig();
    edit(noRole, "sending.json", (j) => {
      delete j.sender.role;
    });
    expect(problemsOf(noRole).join("\n")).toContain("config/sending.json: sender.role:");
    const unsigned = copyOfConfig();
    edit(unsigned, "sending.json", (j) => {
      j.sender.signature = "The team\nAlpha Swarm";
    });
    expect(problemsOf(unsigned).join("\n")).toContain(
      "config/sending.json: sender.signature: the signature's first line must name the sender",
    );
    const roleless = copyOfConfig();
    edit(roleless, "sending.json", (j) => {
      j.sender.signature = `${j.sender.name}\nAlpha Swarm`;
    });
    expect(problemsOf(roleless).join("\n")).toContain(
      "config/sending.json: sender.signature: the signature must say the sender's role",
    );
  });

  it("reports malformed JSON with the file name", () => {
    const dir = copyOfConfig();
    writeFileSync(join(dir, "queue.json"), "{ nope");
    expect(problemsOf(dir)[0]).toMatch(/^config\/queue\.json: not valid JSON/);
  });

  it("checks rules across files: tier order, weights summing to 100, cadence order, tags", () => {
    const dir = copyOfConfig();
    edit(dir, "icp.json", (j) => {
      j.tiers.tier_2 = 90;
      j.weights.signals = 20;
    });
    edit(dir, "cadence.json", (j) => {
      j.steps[3].day = 1;
    });
    edit(dir, "rejection-tags.json", (j) => {
      j.tags = j.tags.filter((t: { tag: string }) => t.tag !== "queue_hygiene_non_actionable");
    });
    const problems = problemsOf(dir).join("\n");
    expect(problems).toContain("tier_1 > tier_2 > tier_3");
    expect(problems).toContain("they sum to 110");
    expect(problems).toContain("config/cadence.json: steps[3].day: expected a day ≥ 4");
    expect(problems).toContain("queue_hygiene_non_actionable");
  });
});
