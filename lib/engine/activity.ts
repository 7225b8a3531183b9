// Tracks in-flight work of the engine so callers can wait until nothing is executing.

/** A counter of busy units with waiters for the moment it drops to zero and stays there. */
export class Activity {
  #busy = 0;
  #waiters: (() => void)[] = [];
  #checking = false;

  /** Number of busy units. */
  get busy(): number {
    return this.#busy;
  }

  enter(): void {
    this.#busy += 1;
  }

  exit(): void {
    this.#busy -= 1;
    if (this.#busy === 0 && this.#waiters.length > 0) this.#scheduleCheck();
  }

  /**
   * Resolves once nothing is busy. The check runs a macrotask later so that work started by
   * promise continuations (a resumed handler, a follow-up run) is counted first.
   */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#scheduleCheck();
    });
  }

  #scheduleCheck(): void {
    if (this.#checking) return;
    this.#checking = true;
    setImmediate(() => {
      this.#checking = false;
      if (this.#busy !== 0) return;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}
