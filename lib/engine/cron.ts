// Cron triggers: Inngest cron strings (with an optional `TZ=Area/City ` prefix, UTC otherwise)
// parsed by croner into "next tick after" calculators.
import { Cron } from "croner";

/** A parsed cron trigger. */
export type CronSchedule = {
  /** The cron string exactly as declared, sent as `data.cron` of the timer event. */
  expression: string;
  /** The first tick strictly after `after` (ms since the epoch), if the schedule has one. */
  next(after: number): number | undefined;
};

const TZ_PREFIX = /^(?:CRON_TZ|TZ)=(\S+)\s+/;

/** Parses an Inngest cron string; throws an error naming the expression when it is invalid. */
export const parseCron = (expression: string): CronSchedule => {
  const zone = TZ_PREFIX.exec(expression);
  const pattern = zone ? expression.slice(zone[0].length) : expression;
  const timezone = zone?.[1] ?? "UTC";
  let cron: Cron;
  try {
    cron = new Cron(pattern.trim(), { timezone });
    cron.nextRun(new Date(0));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Invalid cron trigger ${JSON.stringify(expression)}: ${reason}`);
  }
  return {
    expression,
    next: (after) => cron.nextRun(new Date(after))?.getTime(),
  };
};
