// GET /api/scorecard[?limit=]: the most recent pipeline runs with their stages and drop reasons,
// and the current streak of clean runs (lib/pipeline/scorecard-summary.ts).
import { Hono } from "hono";
import { z } from "zod";
import { scorecardSummary } from "../../lib/pipeline/scorecard-summary.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { ZQueryLimit } from "../query-limit.ts";
import { validate } from "../validate.ts";

const ZScorecardQuery = z.object({ limit: ZQueryLimit.optional() });

export function scorecardRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>().get(
    "/api/scorecard",
    validate("query", ZScorecardQuery),
    async (c) => c.json(await scorecardSummary(runtime, c.req.valid("query").limit ?? 20)),
  );
}
