// Caps how many requests execute at once: in total, and per concurrency key of a function
// (Inngest's `concurrency: { limit, key }`, which limits steps in progress, not sleeping runs).

/** A limit that one request counts against. */
export type GateSlot = { key: string; limit: number };

type Waiter = { slots: GateSlot[]; resume: () => void };

/** A counting gate over named slots; requests wait in arrival order. */
export class ExecutionGate {
  #inUse = new Map<string, number>();
  #total = 0;
  #max: number;
  #queue: Waiter[] = [];

  constructor(maxInFlight: number) {
    this.#max = maxInFlight;
  }

  /** Requests waiting for a free slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves with a release function once every slot has room. */
  acquire(slots: GateSlot[]): Promise<() => void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { slots, resume: () => resolve(this.#take(slots)) };
      if (this.#fits(slots) && this.#queue.length === 0) waiter.resume();
      else this.#queue.push(waiter);
    });
  }

  #fits(slots: GateSlot[]): boolean {
    if (this.#total >= this.#max) return false;
    return slots.every((slot) => (this.#inUse.get(slot.key) ?? 0) < slot.limit);
  }

  #take(slots: GateSlot[]): () => void {
    this.#total += 1;
    for (const slot of slots) this.#inUse.set(slot.key, (this.#inUse.get(slot.key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      for (const slot of slots) {
        const left = (this.#inUse.get(slot.key) ?? 1) - 1;
        if (left === 0) this.#inUse.delete(slot.key);
        else this.#inUse.set(slot.key, left);
      }
      this.#drain();
    };
  }

  // Starts every queued request that now fits; one blocked on a busy key does not hold up others.
  #drain(): void {
    for (let index = 0; index < this.#queue.length; ) {
      const waiter = this.#queue[index];
      if (waiter && this.#fits(waiter.slots)) {
        this.#queue.splice(index, 1);
        waiter.resume();
      } else {
        if (this.#total >= this.#max) return;
        index += 1;
      }
    }
  }
}
