// Where an incoming event goes: the functions it triggers (exact and `prefix/*` triggers, with
// their `if` conditions), the wait steps listening for its name, and the cancellation rules
// that name it. Conditions are CEL, evaluated with Inngest's variables (`event`, `async`).
import { type CompiledExpression, compileExpression } from "./expression.ts";
import type { CancelRule, RegisteredFunction } from "./function-registry.ts";
import type { EngineEvent } from "./types.ts";

/** A wait step listening for events of one name. */
export type OpenWait = {
  runId: string;
  pendingId: string;
  /** The run's trigger event, `event` in the condition. */
  runEvent: EngineEvent;
  condition?: CompiledExpression;
};

/** Routes events to functions, waits and cancellation rules. */
export class EventRouter {
  #exact = new Map<string, RegisteredFunction[]>();
  #prefixed: { prefix: string; reg: RegisteredFunction }[] = [];
  #cancels = new Map<string, { reg: RegisteredFunction; rule: CancelRule }[]>();
  #waits = new Map<string, Map<string, OpenWait>>();
  #compiled = new Map<string, CompiledExpression>();

  constructor(functions: readonly RegisteredFunction[]) {
    for (const reg of functions) {
      for (const trigger of reg.triggers) {
        if (trigger.prefix) this.#prefixed.push({ prefix: trigger.event, reg });
        else this.#exact.set(trigger.event, [...(this.#exact.get(trigger.event) ?? []), reg]);
      }
      for (const rule of reg.cancel) {
        this.#cancels.set(rule.event, [...(this.#cancels.get(rule.event) ?? []), { reg, rule }]);
      }
    }
  }

  /** Whether anything could react to an event of this name (else it need not be stored). */
  listens(name: string): boolean {
    return (
      this.#exact.has(name) ||
      this.#cancels.has(name) ||
      (this.#waits.get(name)?.size ?? 0) > 0 ||
      this.#prefixed.some(({ prefix }) => name.startsWith(prefix))
    );
  }

  /** Functions the event starts, each once, in registration order. */
  triggered(event: EngineEvent, now: number): RegisteredFunction[] {
    const out = new Set<RegisteredFunction>();
    const candidates = [
      ...(this.#exact.get(event.name) ?? []),
      ...this.#prefixed.filter(({ prefix }) => event.name.startsWith(prefix)).map((p) => p.reg),
    ];
    for (const reg of candidates) {
      if (out.has(reg)) continue;
      const passes = reg.triggers.some(
        (trigger) =>
          (trigger.prefix ? event.name.startsWith(trigger.event) : trigger.event === event.name) &&
          (trigger.condition === undefined || trigger.condition.evaluate({ event, now })),
      );
      if (passes) out.add(reg);
    }
    return [...out];
  }

  /** Cancellation rules naming this event. */
  cancelRules(name: string): { reg: RegisteredFunction; rule: CancelRule }[] {
    return this.#cancels.get(name) ?? [];
  }

  openWait(event: string, wait: Omit<OpenWait, "condition">, condition?: string): void {
    let byKey = this.#waits.get(event);
    if (!byKey) {
      byKey = new Map();
      this.#waits.set(event, byKey);
    }
    const open: OpenWait = { ...wait };
    if (condition !== undefined) open.condition = this.#compile(condition);
    byKey.set(`${wait.runId}|${wait.pendingId}`, open);
  }

  closeWait(runId: string, pendingId: string): void {
    const key = `${runId}|${pendingId}`;
    for (const [event, byKey] of this.#waits) {
      if (byKey.delete(key) && byKey.size === 0) this.#waits.delete(event);
    }
  }

  /** Waits this event satisfies, in the order they were opened. */
  matchingWaits(event: EngineEvent, now: number): OpenWait[] {
    const byKey = this.#waits.get(event.name);
    if (!byKey) return [];
    return [...byKey.values()].filter(
      (wait) =>
        wait.condition === undefined ||
        wait.condition.evaluate({ event: wait.runEvent, async: event, now }),
    );
  }

  // Wait conditions repeat across runs of a function: compile each source once.
  #compile(source: string): CompiledExpression {
    let compiled = this.#compiled.get(source);
    if (!compiled) {
      compiled = compileExpression(source);
      this.#compiled.set(source, compiled);
    }
    return compiled;
  }
}
