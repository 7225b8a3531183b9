// The pipeline API: start a run of a campaign, cancel it, and read a run's scorecard.
import { Hono } from "hono";
import { z } from "zod";
import { badRequest, conflict, notFound } from "../../lib/http/http-error.ts";
import { cancelRun } from "../../lib/pipeline/cancel-run.ts";
import { RunRequestError, startRun } from "../../lib/pipeline/start-run.ts";
import { sandboxedInProduction } from "../../lib/providers/index.ts";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import { RunInProgressError } from "../../lib/store/run-repo.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZRunId = z.object({ id: z.string().regex(/^run_[0-9a-z_]+$/, "expected a run id") });

const ZCancel = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();

export function pipelineRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>()
    .post("/api/pipeline/runs", validate("json", z.record(z.string(), z.unknown())), async (c) => {
      try {
        const run = await startRun(runtime, c.req.valid("json"), "api");
        const sandboxed = run.mode === "production" ? sandboxedInProduction(runtime.env) : [];
        return c.json(
          {
            run,
            scorecard: `/api/pipeline/runs/${run.id}`,
            ...(sandboxed.length > 0 && {
              warning: `production mode, but ${sandboxed.map((s) => s.provider).join(", ")} run as sandbox (no ${sandboxed.map((s) => s.key).join(", ")})`,
              sandboxProviders: sandboxed.map((s) => s.provider),
            }),
          },
          202,
        );
      } catch (error) {
        if (error instanceof RunRequestError) {
          throw badRequest(error.message, { field: error.field });
        }
        if (error instanceof RunInProgressError)
          throw conflict(error.message, { runId: error.runId });
        throw error;
      }
    })
    .get("/api/pipeline/runs", async (c) => {
      const { items, skipped } = await runtime.repos.runs.listRecent(20);
      await runtime.repos.damaged.record(skipped);
      return c.json({
        runs: items,
        ...(skipped.length > 0 && { skipped: skipped.map(({ id, reason }) => ({ id, reason })) }),
      });
    })
    .post(
      "/api/pipeline/runs/:id/cancel",
      validate("param", ZRunId),
      validate("json", ZCancel),
      async (c) => {
        const { id } = c.req.valid("param");
        const { reason } = c.req.valid("json");
        const run = await cancelRun(runtime, id, c.get("actor"), reason ?? "cancelled by operator");
        return c.json({ run });
      },
    )
    .get("/api/pipeline/runs/:id", validate("param", ZRunId), async (c) => {
      const { id } = c.req.valid("param");
      const scorecard = await runtime.repos.runs.scorecard(id);
      if (!scorecard) throw notFound(`no run ${id}`);
      return c.json(scorecard);
    });
}
