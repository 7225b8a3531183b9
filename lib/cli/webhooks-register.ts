// `npm run webhooks:register -- --base-url https://…`: registers our webhooks with Instantly and
// HeyReach (idempotent: what exists is listed and kept) and prints RB2B's URL for its dashboard.
// Secrets never appear in the output. The entry file hands in the functions.
import { parseArgs } from "node:util";
import type { InngestFunction } from "inngest";
import { checkBaseUrl, registerWebhooks } from "../signals/register-webhooks.ts";
import { cliFail, openCliRuntime } from "./open-runtime.ts";

const USAGE = "usage: npm run webhooks:register -- --base-url https://your-deployment.example.com";

function parseCli(argv: string[]): string {
  let values: { "base-url"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { "base-url": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return cliFail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!values["base-url"]) cliFail(`--base-url is required\n${USAGE}`);
  try {
    return checkBaseUrl(values["base-url"]);
  } catch (error) {
    return cliFail(`${(error as Error).message}\n${USAGE}`);
  }
}

export async function runWebhooksRegisterCli(argv: string[], functions: InngestFunction.Any[]) {
  const baseUrl = parseCli(argv);
  const runtime = await openCliRuntime(functions, "run this where the app's store is free");
  try {
    const lines = await registerWebhooks(runtime, baseUrl);
    process.stdout.write(
      `${lines.map((l) => `${l.provider.padEnd(9)} ${l.status.padEnd(18)} ${l.detail}`).join("\n")}\n`,
    );
    // Nothing to register anywhere (no secret set) is a mistake worth a non-zero exit.
    if (lines.every((l) => l.status === "skipped")) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`Registration failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}
