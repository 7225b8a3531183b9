// The embedded Redis command interpreter: runs single commands, pipelines and MULTI/EXEC blocks
// against a Keyspace, and reports every state change so it can be logged.
import type { Argv } from "../upstash-request.ts";
import { resolveCommand } from "./command-table.ts";
import { CommandError, EXECABORT } from "./errors.ts";
import type { Keyspace } from "./keyspace.ts";
import type { CommandSpec, Reply } from "./types.ts";

/** The answer to one command: a reply or a Redis error text. */
export type Outcome = { result: Reply } | { error: string };

/** Commands that changed the data, with the time they ran at (one entry per atomic unit). */
export type WriteRecord = { time: number; commands: Argv[] };

/** A MULTI/EXEC block refused before running (unknown command, wrong arity). */
export type Aborted = { aborted: string };

/** How the interpreter gets the time and hands over its writes. */
export type InterpreterOptions = {
  now: () => number;
  onWrite?: (records: WriteRecord[]) => void;
};

/** Runs Redis commands synchronously; a whole request runs in one step, so nothing interleaves. */
export class Interpreter {
  readonly #keyspace: Keyspace;
  readonly #now: () => number;
  readonly #onWrite: (records: WriteRecord[]) => void;

  constructor(keyspace: Keyspace, options: InterpreterOptions) {
    this.#keyspace = keyspace;
    this.#now = options.now;
    this.#onWrite = options.onWrite ?? (() => {});
  }

  #apply(spec: CommandSpec, argv: Argv): [outcome: Outcome, wrote: boolean] {
    const before = this.#keyspace.dirty;
    try {
      const result = spec.run(this.#keyspace, argv.slice(1));
      return [{ result }, this.#keyspace.dirty !== before];
    } catch (error) {
      if (error instanceof CommandError) {
        return [{ error: error.message }, this.#keyspace.dirty !== before];
      }
      throw error;
    }
  }

  #runOne(argv: Argv): [outcome: Outcome, wrote: boolean] {
    const spec = resolveCommand(argv);
    if (typeof spec === "string") return [{ error: spec }, false];
    return this.#apply(spec, argv);
  }

  /** Runs one command. */
  run(argv: Argv): Outcome {
    return this.pipeline([argv])[0] as Outcome;
  }

  /** Runs commands in order, each on its own: an error in one does not stop the others. */
  pipeline(commands: Argv[]): Outcome[] {
    const time = this.#now();
    this.#keyspace.time = time;
    const records: WriteRecord[] = [];
    const outcomes = commands.map((argv) => {
      const [outcome, wrote] = this.#runOne(argv);
      if (wrote) records.push({ time, commands: [argv] });
      return outcome;
    });
    if (records.length > 0) this.#onWrite(records);
    return outcomes;
  }

  /**
   * Runs commands as MULTI/EXEC: all in one step. An unknown command or a wrong argument count
   * discards the block (EXECABORT); errors while running stay in their own entry.
   */
  transaction(commands: Argv[]): Outcome[] | Aborted {
    const specs: CommandSpec[] = [];
    for (const argv of commands) {
      const spec = resolveCommand(argv);
      if (typeof spec === "string") return { aborted: `${EXECABORT} ${spec}` };
      specs.push(spec);
    }
    const time = this.#now();
    this.#keyspace.time = time;
    const written: Argv[] = [];
    const outcomes = commands.map((argv, index) => {
      const [outcome, wrote] = this.#apply(specs[index] as CommandSpec, argv);
      if (wrote) written.push(argv);
      return outcome;
    });
    if (written.length > 0) this.#onWrite([{ time, commands: written }]);
    return outcomes;
  }

  /** Re-runs logged commands at the time they first ran, without reporting them again. */
  replay(record: WriteRecord): void {
    this.#keyspace.time = record.time;
    for (const argv of record.commands) {
      const spec = resolveCommand(argv);
      if (typeof spec !== "string") this.#apply(spec, argv);
    }
  }
}
