// The Lua scripts the app runs, each with the same steps in JS for the embedded store, which runs
// these and no others (it has no Lua interpreter). Found by their text (EVAL) or SHA-1 (EVALSHA).
import { COMPARE_AND_WRITE_LUA, runCompareAndWrite } from "./compare-and-write.ts";
import { RENEW_LEASE_LUA, runRenewLease } from "./renew-lease.ts";
import { scriptSha } from "./run-script.ts";

/** A script's JS twin: KEYS, ARGV, and `call` to run one command against the store. */
export type ScriptSteps = (
  keys: readonly string[],
  args: readonly string[],
  call: (argv: string[]) => unknown,
) => unknown;

const SCRIPTS: [string, ScriptSteps][] = [
  [COMPARE_AND_WRITE_LUA, runCompareAndWrite],
  [RENEW_LEASE_LUA, runRenewLease],
];

const byText = new Map(SCRIPTS);
const bySha = new Map(SCRIPTS.map(([lua, steps]) => [scriptSha(lua), steps]));

/** The JS steps of a script given by its text, or by its SHA-1 when `sha` is set. */
export function knownScript(textOrSha: string, sha: boolean): ScriptSteps | undefined {
  return sha ? bySha.get(textOrSha.toLowerCase()) : byText.get(textOrSha);
}
