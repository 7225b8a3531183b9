// validate-env: each target's required variables and config values, named when missing or wrong,
// never showing a value; the CLI's exit status and its refusal of a wrong flag.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateEnv } from "../../lib/config/validate-env.ts";

const PRODUCTION = {
  UPSTASH_REDIS_REST_URL: "https://eu1-example-12345.upstash.io",
  UPSTASH_REDIS_REST_TOKEN: "AX1234upstash-token-abcdef",
  DASHBOARD_AUTH_TOKEN: "a-dashboard-token-0123456789abcdef",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
  INNGEST_EVENT_KEY: "event-key-0123456789",
  INSTANTLY_WEBHOOK_SECRET: "instantly-hook-secret-0123456789",
  HEYREACH_WEBHOOK_SECRET: "heyreach-hook-secret-0123456789",
  RB2B_WEBHOOK_SECRET: "rb2b-hook-secret-0123456789",
  SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXXSECRET",
  APP_URL: "https://outbound.alphaswarm.ai",
  APOLLO_API_KEY: "apollo-key-secret-1",
  ZEROBOUNCE_API_KEY: "zb-key-secret-2",
  INSTANTLY_API_KEY: "inst-key-secret-3",
  HEYREACH_API_KEY: "hr-key-secret-4",
  GHL_API_TOKEN: "pit-ghl-secret-5",
  GHL_LOCATION_ID: "ve9EPM428h8vShlRW1KT",
};

/** A copy of config/ with real sending accounts, sender, postal address and calendar link. */
function realConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), "as-config-"));
  cpSync("config", dir, { recursive: true });
  const file = join(dir, "sending.json");
  const sending = JSON.parse(readFileSync(file, "utf8"));
  sending.accounts = [
    { email: "ana@alphaswarm-mail.io", domain: "alphaswarm-mail.io", daily_limit: 30 },
  ];
  sending.sender.name = "Dana Reyes";
  sending.sender.signature = "Dana Reyes\nHead of Growth, Alpha Swarm";
  sending.sender.postal_address = "1 Real Street, Detroit, MI 48226, USA";
  sending.sender.calendar_url = "https://cal.alphaswarm.ai/meet";
  writeFileSync(file, JSON.stringify(sending));
  return dir;
}

const failing = (checks: ReturnType<typeof validateEnv>) =>
  checks.filter((c) => !c.ok).map((c) => c.name);

describe("validate-env", () => {
  it("production passes with every variable and real config, and names each one missing or wrong", () => {
    const dir = realConfig();
    try {
      expect(failing(validateEnv("production", PRODUCTION, dir))).toEqual([]);
      const { SLACK_WEBHOOK_URL: _, INNGEST_EVENT_KEY: __, ...partial } = PRODUCTION;
      expect(failing(validateEnv("production", partial, dir))).toEqual([
        "INNGEST_EVENT_KEY",
        "SLACK_WEBHOOK_URL",
      ]);
      const wrong = validateEnv("production", { ...PRODUCTION, RB2B_WEBHOOK_SECRET: "short" }, dir);
      expect(wrong.find((c) => c.name === "RB2B_WEBHOOK_SECRET")?.ok).toBe(false);
      expect(JSON.stringify(wrong)).not.toContain('short"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("production refuses the config's placeholders; staging does not need provider keys; local needs nothing", () => {
    const placeholders = failing(validateEnv("production", PRODUCTION));
    expect(placeholders).toContain("config/sending.json accounts[0].email");
    expect(placeholders).toContain("config/sending.json sender.postal_address");
    expect(placeholders).toContain("config/sending.json sender.name");
    const { APOLLO_API_KEY: _, SLACK_WEBHOOK_URL: __, ...staging } = PRODUCTION;
    expect(failing(validateEnv("staging", staging))).toEqual([]);
    expect(failing(validateEnv("staging", {}))).toContain("DASHBOARD_AUTH_TOKEN");
    expect(failing(validateEnv("local", {}))).toEqual([]);
    expect(failing(validateEnv("staging", { ...staging, UPSTASH_REDIS_REST_URL: "" }))).toContain(
      "UPSTASH_REDIS_REST_URL + UPSTASH_REDIS_REST_TOKEN (or REDIS_URL)",
    );
  });

  it("the CLI exits 1 naming what is missing, 0 when all passes, 2 for a wrong flag; values never printed", () => {
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ["routes/entry/validate-env.ts", ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        encoding: "utf8",
      });
    const missing = run(["--target", "production"], { ...PRODUCTION, SLACK_WEBHOOK_URL: "" });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain("WRONG   SLACK_WEBHOOK_URL: missing");
    for (const value of Object.values(PRODUCTION)) expect(missing.stdout).not.toContain(value);
    expect(run(["--target", "local"], {}).status).toBe(0);
    const bad = run(["--target", "prod"], {});
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--target: expected production, staging, local, got "prod"');
    expect(run([], {}).stderr).toContain("--target is required");
  });
});
