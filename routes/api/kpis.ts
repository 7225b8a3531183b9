// The KPIs and the deliverability guard: GET /api/kpis[?from&to&campaign] (days in the send
// window's time zone; the last 14 by default, at most 92), GET /api/deliverability (the guard, the
// sending accounts' recent bounces, the red flags) and POST /api/deliverability/clear — a person
// clears the engaged guard with a reason (audited).
import { Hono } from "hono";
import { z } from "zod";
import { shiftDay } from "../../lib/dispatch/day.ts";
import { clearGuard, guardReason } from "../../lib/dispatch/deliverability-guard.ts";
import { badRequest } from "../../lib/http/http-error.ts";
import { accountWindows, daysBetween, kpiReport, lastDays } from "../../lib/kpis/kpi-report.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const DEFAULT_DAYS = 14;
const MAX_DAYS = 92;

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day as YYYY-MM-DD")
  .refine((day) => {
    const at = Date.parse(`${day}T00:00:00Z`);
    return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === day;
  }, "expected a calendar day");
const ZKpiQuery = z.object({
  from: ZDay.optional(),
  to: ZDay.optional(),
  campaign: z.string().trim().min(1).max(100).optional(),
});
const ZClear = z.strictObject({
  reason: z.string().trim().min(3, "expected a reason of at least 3 characters").max(500),
});

/** The range asked for, or the last 14 days; a reversed or too long range is refused. */
function rangeOf(runtime: Runtime, query: z.infer<typeof ZKpiQuery>) {
  const today = lastDays(runtime, 1).to;
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? shiftDay(to, 1 - DEFAULT_DAYS);
  if (from > to) {
    throw badRequest(
      query.from
        ? `query.from (${from}) is after query.to (${to})`
        : `query.to (${to}) is before the default query.from (${from}, ${DEFAULT_DAYS} days back): give query.from too`,
    );
  }
  const count = daysBetween(from, to).length;
  if (count > MAX_DAYS) {
    throw badRequest(
      `query.from…query.to: ${count} days asked; at most ${MAX_DAYS} days at a time`,
    );
  }
  return { from, to };
}

export function kpiRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .get("/api/kpis", validate("query", ZKpiQuery), async (c) => {
      const query = c.req.valid("query");
      if (query.campaign && !Object.hasOwn(runtime.config.campaigns, query.campaign)) {
        const known = Object.keys(runtime.config.campaigns).join(", ");
        throw badRequest(
          `query.campaign: unknown campaign "${query.campaign}"; expected one of ${known}`,
        );
      }
      const range = rangeOf(runtime, query);
      return c.json(await kpiReport(runtime, { ...range, campaign: query.campaign ?? null }));
    })
    .get("/api/deliverability", async (c) => {
      const [guard, accounts, flags] = await Promise.all([
        runtime.repos.guard.state(),
        accountWindows(runtime),
        runtime.repos.kpis.flags(),
      ]);
      return c.json({
        guard: { ...guard, reason: guardReason(guard) },
        rule: runtime.config.kpis.account_bounce,
        accounts,
        flags,
      });
    })
    .post("/api/deliverability/clear", validate("json", ZClear), async (c) =>
      c.json({ guard: await clearGuard(runtime, c.req.valid("json").reason, c.get("actor")) }),
    );
}
