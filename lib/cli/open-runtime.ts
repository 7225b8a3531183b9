// Opens the runtime for a one-shot CLI (no crons), turning the errors a user can fix — bad config,
// an unreachable store, the embedded store held by `npm start` — into one message and exit 2.
import type { InngestFunction } from "inngest";
import { ConfigError } from "../config/config-error.ts";
import { createRuntime, type Runtime } from "../runtime/runtime.ts";
import { StoreConfigError, StoreInUseError, StoreUnavailableError } from "../store/index.ts";
import { unreachableStoreMessage } from "./store-unreachable.ts";

export function cliFail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The runtime, or exit 2 naming the problem; `whileServing` says what to do instead of the CLI. */
export async function openCliRuntime(
  functions: InngestFunction.Any[],
  whileServing: string,
): Promise<Runtime> {
  try {
    return await createRuntime({ functions, startCrons: false });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreConfigError)
      cliFail(`Cannot run: ${error.message}`);
    if (error instanceof StoreUnavailableError)
      cliFail(`Cannot run: ${unreachableStoreMessage(error)}`);
    if (error instanceof StoreInUseError) {
      cliFail(
        `Cannot run: ${error.message}.\nThe embedded store serves one process: stop \`npm start\`, or ${whileServing}.`,
      );
    }
    throw error;
  }
}
