// The main thread's side of the embedded store's writer thread (commit-worker.ts): hands it each
// group commit and resolves once the changes are in sqlite, so sqlite's statements, its WAL
// writes and checkpoints run beside the event loop instead of blocking it. Commits are answered
// in the order they were sent. The WAL is folded back into the database by a checkpointer
// thread of its own (checkpoint-thread.ts), so a commit never waits on a checkpoint.
import { Worker } from "node:worker_threads";
import { CHECKPOINT_DEFAULTS, CheckpointThread } from "./checkpoint-thread.ts";
import type { CommitReply, CommitRequest } from "./commit-worker.ts";
import type { Change } from "./journal.ts";
import type { DatabaseOptions } from "./sqlite-schema.ts";

type Waiter = { resolve: (rows: number) => void; reject: (error: Error) => void };

/** How much longer than the checkpointer's bound the WAL may grow before the writer folds it. */
const WRITER_CHECKPOINT_FACTOR = 4;

/** The writer thread of one embedded store directory. */
export class CommitThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiter>();
  #nextId = 0;
  #rowsWritten = 0;
  #broken: Error | undefined;
  #closed: ((message?: string) => void) | undefined;
  readonly #checkpoints: CheckpointThread;

  constructor(
    path: string,
    options: DatabaseOptions,
    checkpoints: { intervalMs: number; restartPages: number } = CHECKPOINT_DEFAULTS,
    /** Told why the checkpointer thread stopped, should it (the writer then checkpoints). */
    onCheckpointerStopped?: (why: string) => void,
  ) {
    // The writer checkpoints by itself only if the WAL grows far past the checkpointer's bound.
    const writerOptions = {
      ...options,
      walAutocheckpointPages: checkpoints.restartPages * WRITER_CHECKPOINT_FACTOR,
    };
    this.#worker = new Worker(new URL("./commit-worker.ts", import.meta.url), {
      workerData: { path, options: writerOptions },
    });
    this.#checkpoints = new CheckpointThread(
      path,
      {
        ...checkpoints,
        ...(options.synchronous !== undefined && { synchronous: options.synchronous }),
      },
      onCheckpointerStopped,
    );
    this.#worker.unref();
    this.#worker.on("message", (reply: CommitReply) => this.#receive(reply));
    this.#worker.on("error", (error) => this.#fail(error));
    this.#worker.on("exit", (code) => {
      this.#fail(new Error(`the store's writer thread stopped (exit code ${code})`));
      this.#closed?.();
    });
  }

  /** Rows inserted, updated or deleted by committed transactions since opening. */
  get rowsWritten(): number {
    return this.#rowsWritten;
  }

  /** Why the checkpointer thread stopped, if it did (the writer then checkpoints by itself). */
  get checkpointerStopped(): string | undefined {
    return this.#checkpoints.stoppedBecause;
  }

  #receive(reply: CommitReply): void {
    if (reply.kind === "closed") {
      this.#closed?.(reply.message);
      return;
    }
    const waiter = this.#waiting.get(reply.id);
    this.#waiting.delete(reply.id);
    if (this.#waiting.size === 0 && this.#closed === undefined) this.#worker.unref();
    if (reply.kind === "committed") {
      this.#rowsWritten += reply.rows;
      waiter?.resolve(reply.rows);
    } else waiter?.reject(new Error(reply.message));
  }

  #fail(error: Error): void {
    this.#broken ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }

  /** Writes `changes` in one sqlite transaction: all of them, or none when this rejects. */
  commit(changes: Change[]): Promise<number> {
    if (this.#broken) return Promise.reject(this.#broken);
    const id = this.#nextId++;
    return new Promise<number>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      // A commit in flight keeps the process alive until it is answered.
      this.#worker.ref();
      this.#post({ kind: "commit", id, changes });
    });
  }

  #post(request: CommitRequest): void {
    this.#worker.postMessage(request);
  }

  /** Closes the database (folding its WAL in) once earlier commits are answered; stops the thread. */
  async close(): Promise<void> {
    // The checkpointer ends first: the writer's closing checkpoint folds in the whole WAL.
    await this.#checkpoints.close();
    if (this.#broken) {
      await this.#worker.terminate();
      return;
    }
    const message = await new Promise<string | undefined>((resolve) => {
      this.#closed = resolve;
      this.#worker.ref();
      this.#post({ kind: "close" });
    });
    this.#broken = new Error("the embedded store is closed");
    await this.#worker.terminate();
    if (message !== undefined) throw new Error(message);
  }
}
