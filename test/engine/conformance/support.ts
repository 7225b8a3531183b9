// Plumbing shared by the conformance scenarios ported from inngest-js (test/engine/conformance/):
// the client the ported functions are made with, a tally of step-body executions, a logger that
// keeps structured lines, and look-ups of runs and steps with readable failures.
import { Inngest } from "inngest";
import type { EmbeddedEngine, RunView, StepView } from "../../../lib/engine/index.ts";

/** The client of the ported functions (upstream: `src/test/functions/client.ts`, "example-app"). */
export const inngest = new Inngest({
  id: "conformance",
  logger: { debug() {}, info() {}, warn() {}, error() {} },
});

/** A retry backoff of one virtual second, so retries never wait for real time. */
export const fixedBackoff = (): number => 1000;

/** Counts how many times each step body runs: wrap a body with `counted(name, body)`. */
export const tally = () => {
  const calls = new Map<string, number>();
  return {
    counted:
      <A extends unknown[], R>(name: string, body: (...args: A) => R) =>
      (...args: A): R => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return body(...args);
      },
    count: (name: string): number => calls.get(name) ?? 0,
    all: (): Record<string, number> => Object.fromEntries(calls),
  };
};

/** A logger keeping every line; objects are rendered as JSON so structured fields stay visible. */
export type CapturedLogger = {
  lines: { level: "debug" | "info" | "warn" | "error"; text: string }[];
  debug: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
};

const render = (arg: unknown): string => {
  if (typeof arg === "string") return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
};

export const captureLogger = (): CapturedLogger => {
  const lines: CapturedLogger["lines"] = [];
  const at =
    (level: CapturedLogger["lines"][number]["level"]) =>
    (...args: unknown[]) =>
      lines.push({ level, text: args.map(render).join(" ") });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
};

/** The one run of `functionId`; fails with the runs it found when there is not exactly one. */
export const onlyRun = (engine: EmbeddedEngine, functionId: string): RunView => {
  const runs = engine.runs({ functionId });
  const [run] = runs;
  if (runs.length !== 1 || !run) {
    const found = engine.runs().map((r) => `${r.functionId}:${r.status}`);
    throw new Error(
      `expected exactly one run of "${functionId}", found ${runs.length} (all runs: ${found.join(", ") || "none"})`,
    );
  }
  return run;
};

/** The step `id` of `run`; fails listing the steps the run has when it is missing. */
export const stepOf = (run: RunView, id: string): StepView => {
  const found = run.steps.find((step) => step.id === id);
  if (!found) {
    throw new Error(
      `run of "${run.functionId}" (${run.status}) has no step "${id}"; its steps: ${JSON.stringify(stepIds(run))}`,
    );
  }
  return found;
};

/** The ids of a run's finished steps, in completion order. */
export const stepIds = (run: RunView): string[] => run.steps.map((step) => step.id);

/** Whether step `a` finished before step `b` in `run`. */
export const finishedBefore = (run: RunView, a: string, b: string): boolean => {
  const ids = stepIds(run);
  return ids.indexOf(a) !== -1 && ids.indexOf(b) !== -1 && ids.indexOf(a) < ids.indexOf(b);
};
