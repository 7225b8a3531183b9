// The main thread's side of the embedded store's checkpointer thread (checkpoint-worker.ts):
// starts it beside the writer thread and stops it before the writer closes the database. It
// holds nothing the store needs: should it stop, the writer's own checkpoints keep the WAL
// bounded, and the reason is kept for the store's diagnostics.
import { Worker } from "node:worker_threads";
import type { CheckpointOptions, CheckpointReply } from "./checkpoint-worker.ts";

/** How often the WAL is folded back, and how long it may grow before it starts over. */
export const CHECKPOINT_DEFAULTS = { intervalMs: 50, restartPages: 8192 } as const;

export class CheckpointThread {
  readonly #worker: Worker;
  #stopped: string | undefined;
  #closed: (() => void) | undefined;
  #exited = false;

  /** `onStopped` is told, once, why the thread stopped checkpointing (if it ever does). */
  constructor(path: string, options: CheckpointOptions, onStopped?: (why: string) => void) {
    this.#worker = new Worker(new URL("./checkpoint-worker.ts", import.meta.url), {
      workerData: { path, options },
    });
    // Its timer never keeps the process alive.
    this.#worker.unref();
    const stopped = (why: string) => {
      if (this.#stopped !== undefined) return;
      this.#stopped = why;
      onStopped?.(why);
    };
    this.#worker.on("message", (reply: CheckpointReply) => {
      if (reply.kind === "stopped") stopped(reply.message);
      else this.#closed?.();
    });
    this.#worker.on("error", (error) => {
      stopped(error.message);
      this.#closed?.();
    });
    this.#worker.on("exit", () => {
      this.#exited = true;
      this.#closed?.();
    });
  }

  /** Why the thread stopped checkpointing, if it did (the writer's checkpoints went on). */
  get stoppedBecause(): string | undefined {
    return this.#stopped;
  }

  /** Stops checkpointing and closes its connection; resolves once the thread has ended. */
  async close(): Promise<void> {
    // A thread that already ended (an error) has nothing to answer with.
    if (!this.#exited) {
      await new Promise<void>((resolve) => {
        this.#closed = resolve;
        this.#worker.postMessage({ kind: "close" });
      });
    }
    await this.#worker.terminate();
  }
}
