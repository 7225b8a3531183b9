// `npm run validate-env -- --target production|staging|local`: checks the environment and config
// for a deployment target (lib/config/validate-env.ts) and prints each check; exit 1 when any
// fails, 2 for a wrong flag. Values are never printed.
import { parseArgs } from "node:util";
import { TARGETS, type TTarget, validateEnv } from "../config/validate-env.ts";
import { cliFail } from "./open-runtime.ts";

const USAGE = `usage: npm run validate-env -- --target ${TARGETS.join("|")}`;

export function runValidateEnvCli(argv: string[], env: Record<string, string | undefined>): number {
  let target: string | undefined;
  try {
    ({
      values: { target },
    } = parseArgs({ args: argv, options: { target: { type: "string" } }, strict: true }));
  } catch (error) {
    cliFail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!target) cliFail(`--target is required\n${USAGE}`);
  if (!(TARGETS as readonly string[]).includes(target)) {
    cliFail(`--target: expected ${TARGETS.join(", ")}, got "${target}"\n${USAGE}`);
  }
  const checks = validateEnv(target as TTarget, env);
  const failed = checks.filter((c) => !c.ok);
  for (const c of checks) {
    process.stdout.write(
      `${c.ok ? "ok     " : "WRONG  "} ${c.name}${c.problem ? `: ${c.problem}` : ""}\n`,
    );
  }
  process.stdout.write(
    failed.length === 0
      ? `${target}: every check passes\n`
      : `${target}: ${failed.length} problem(s) to fix before deploying\n`,
  );
  return failed.length === 0 ? 0 : 1;
}
