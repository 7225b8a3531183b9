// `npm start`: the main job. Serves the app on PORT with whatever env configures (embedded engine
// and store when nothing does), prints where it listens and what is and is not durable. The entry
// file (routes/entry/start.ts) hands in the function list.
import type { InngestFunction } from "inngest";
import { serveApp } from "../../routes/node-server.ts";
import { ConfigError } from "../config/config-error.ts";
import { createRuntime, type Runtime } from "../runtime/runtime.ts";
import { forgetGeneratedToken } from "../safety/dashboard-token.ts";
import { StoreConfigError, StoreInUseError, StoreUnavailableError } from "../store/index.ts";
import { describeRuntime, generatedTokenNotice } from "./describe-runtime.ts";
import { unreachableStoreMessage } from "./store-unreachable.ts";

/** Serves the app running `functions` until SIGINT or SIGTERM. */
export async function startServer(functions: InngestFunction.Any[]): Promise<void> {
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ functions, resumeSandboxCliRuns: true });
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof StoreConfigError ||
      error instanceof StoreInUseError
    ) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof StoreUnavailableError) {
      process.stderr.write(`Cannot start: ${unreachableStoreMessage(error)}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { PORT: port, HOST: hostname } = runtime.env;
  const server = serveApp(runtime, { port, hostname }, (info) => {
    const shown = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname;
    const lines = describeRuntime(runtime);
    lines.push(...generatedTokenNotice(runtime));
    process.stdout.write(
      `Alpha Swarm ${runtime.version} listening on http://${shown}:${info.port}\n${lines.join("\n")}\n`,
    );
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    process.stderr.write(
      error.code === "EADDRINUSE"
        ? `Cannot start: port ${port} is in use (set PORT to another port)\n`
        : `Cannot start: ${error.message}\n`,
    );
    // The token generated for this start was never shown: forget it so the next start shows one.
    void forgetGeneratedToken(runtime.store.redis, runtime.dashboardToken)
      .catch(() => {})
      .then(() => runtime.close())
      .finally(() => process.exit(1));
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info(`${signal}: shutting down`);
    server.close();
    // A store that cannot fold its files on close (a full disk) has still saved every write.
    void runtime
      .close()
      .catch((error: unknown) =>
        runtime.logger.warn("shutdown: the store did not close cleanly:", error),
      )
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
