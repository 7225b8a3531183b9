// Shared helpers of the engine tests: a recording logger and an engine on a virtual clock.
import { Inngest, type InngestFunction } from "inngest";
import { VirtualClock } from "../../lib/engine/clock.ts";
import { createEmbeddedEngine, type EmbeddedEngine } from "../../lib/engine/embedded-engine.ts";

/** Swallows the SDK's own log lines (the errors tests provoke on purpose). */
const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A client of its own for engine tests: no app dependencies are injected into its functions. */
export const testClient = new Inngest({ id: "engine-test", logger: silentLogger });

/** A logger that keeps every line instead of printing it. */
export type RecordingLogger = {
  lines: { level: "debug" | "info" | "warn" | "error"; text: string }[];
  debug: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
};

export const recordingLogger = (): RecordingLogger => {
  const lines: RecordingLogger["lines"] = [];
  const at =
    (level: RecordingLogger["lines"][number]["level"]) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map(String).join(" ") });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
};

/** 2026-01-05T00:00:00Z, a Monday in winter (Detroit is UTC-5). */
export const START = Date.UTC(2026, 0, 5, 0, 0, 0);

export const DAY = 24 * 60 * 60 * 1000;

/** An engine over `functions` on a fresh virtual clock, with a recording logger. */
export const virtualEngine = (
  functions: InngestFunction.Any[],
  backoff?: (attempt: number) => number,
): { engine: EmbeddedEngine; clock: VirtualClock; logger: RecordingLogger } => {
  const clock = new VirtualClock(START);
  const logger = recordingLogger();
  const engine = createEmbeddedEngine({
    functions,
    clock,
    logger,
    ...(backoff && { backoff }),
  });
  return { engine, clock, logger };
};
