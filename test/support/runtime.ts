// Builds a real runtime for tests: embedded engine on a virtual clock unless told otherwise, and the
// embedded store in a temporary directory that is removed on close.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functions as appFunctions } from "../../functions/index.ts";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createLogger, type LogLevel } from "../../lib/log.ts";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../lib/runtime/runtime.ts";

export type TestRuntime = Runtime & { clock: VirtualClock; logs: [LogLevel, string][] };

export async function createTestRuntime(
  options: Omit<RuntimeOptions, "clock" | "logger" | "functions"> & {
    start?: Date;
    functions?: RuntimeOptions["functions"];
  } = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), "as-runtime-"));
  const clock = new VirtualClock(options.start?.getTime() ?? Date.UTC(2026, 10, 24, 9, 0, 0));
  const logs: [LogLevel, string][] = [];
  const logger = createLogger({ level: "debug", sink: (level, line) => logs.push([level, line]) });
  const runtime = await createRuntime({
    ...options,
    functions: options.functions ?? appFunctions,
    rawEnv: { DATA_DIR: dataDir, ...options.rawEnv },
    clock,
    logger,
  });
  const close = runtime.close;
  return Object.assign(runtime, {
    clock,
    logs,
    close: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
