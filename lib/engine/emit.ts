// The one seam through which routes, the CLI and tests send events: it validates each event against
// the catalog in lib/events.ts, then hands it to whichever engine is active (embedded or Inngest).
import type { EventType } from "inngest";
import type { z } from "zod";
import { describeIssues } from "../config/config-error.ts";
import { EVENTS } from "../events.ts";
import type { TBatchWrites } from "./engine-store.ts";

type Catalog = (typeof EVENTS)[number];

type EventOf<E> =
  E extends EventType<infer Name, infer Schema>
    ? {
        name: Name;
        data: Schema extends z.ZodType ? z.infer<Schema> : never;
        id?: string;
        ts?: number;
      }
    : never;

/** An event of the catalog, typed by its name. */
export type OutgoingEvent = EventOf<Catalog>;

/** Sends events to the active engine; resolves with the ids the engine gave them. */
export type Emitter = (events: OutgoingEvent | OutgoingEvent[]) => Promise<{ ids: string[] }>;

/**
 * Puts events of the catalog into a caller's transaction (see Runtime.emitWithin); returns what
 * to call once it has landed, or null when they must be sent instead.
 */
export type EmitWithin = (tx: TBatchWrites, events: OutgoingEvent[]) => (() => void) | null;

/** Raised when an event does not match its schema; names the event and each failing field. */
export class InvalidEventError extends Error {
  readonly eventName: string;
  readonly problems: string[];

  constructor(eventName: string, problems: string[]) {
    super(`invalid ${eventName} event: ${problems.join("; ")}`);
    this.name = "InvalidEventError";
    this.eventName = eventName;
    this.problems = problems;
  }
}

const byName = new Map<string, Catalog>(EVENTS.map((e) => [e.name, e]));

/** Whether `name` is an event of the catalog (not Inngest's own, such as a cron tick). */
export function isCatalogEvent(name: string): boolean {
  return byName.has(name);
}

/** Validates one event against the catalog; throws InvalidEventError. */
export function validateEvent(event: { name: string; data: unknown }): void {
  const type = byName.get(event.name);
  if (!type) throw new InvalidEventError(event.name, ["not an event of lib/events.ts"]);
  const result = type.schema.safeParse(event.data);
  if (!result.success) {
    throw new InvalidEventError(event.name, describeIssues("data.", result.error));
  }
}

/** Wraps an engine's raw send so that nothing invalid ever leaves the app. */
export function createEmitter(
  send: (events: OutgoingEvent[]) => Promise<{ ids: string[] }>,
): Emitter {
  return async (events) => {
    const list = Array.isArray(events) ? events : [events];
    for (const event of list) validateEvent(event);
    if (list.length === 0) return { ids: [] };
    return send(list);
  };
}
