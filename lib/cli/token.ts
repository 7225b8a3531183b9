// `npm run token -- --rotate`: replaces the generated dashboard token with a fresh one, printed
// once; every session signed in with the old token ends. A token set in DASHBOARD_AUTH_TOKEN is
// changed where it is set, not here.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../config/config-error.ts";
import { parseEnv } from "../config/env.ts";
import { rotateDashboardToken } from "../safety/dashboard-token.ts";
import { openStore, StoreInUseError, StoreUnavailableError } from "../store/index.ts";
import { unreachableStoreMessage } from "./store-unreachable.ts";

const USAGE = "usage: npm run token -- --rotate";

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Runs the token command for `argv`. */
export async function runTokenCli(argv: string[]): Promise<void> {
  let rotate = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { rotate: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    rotate = values.rotate === true;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (!rotate) fail(`nothing to do: pass --rotate\n${USAGE}`);
  let env: ReturnType<typeof parseEnv>;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof ConfigError) fail(`Cannot rotate: ${error.message}`, 1);
    throw error;
  }
  if (env.DASHBOARD_AUTH_TOKEN) {
    fail(
      "Cannot rotate: the token comes from DASHBOARD_AUTH_TOKEN; change it there and restart",
      1,
    );
  }
  const store = await openStore({ ...env, DATA_DIR: join(env.DATA_DIR, "store") }).catch(
    (error) => {
      if (error instanceof StoreInUseError) {
        fail(`Cannot rotate: ${error.message}; stop \`npm start\` first`, 1);
      }
      if (error instanceof StoreUnavailableError) {
        fail(`Cannot rotate: ${unreachableStoreMessage(error)}`, 1);
      }
      throw error;
    },
  );
  try {
    const token = await rotateDashboardToken(store.redis);
    process.stdout.write(
      `New dashboard token (shown this once; only its digest is stored): ${token}\nThe old token and every session signed in with it no longer work.\n`,
    );
  } finally {
    await store.close();
  }
}
