// The signal loop's API: webhook payloads parked for review (RB2B's that could not be used).
import { Hono } from "hono";
import { z } from "zod";
import type { Runtime } from "../../lib/runtime/runtime.ts";
import type { ApiVariables } from "../bearer-auth.ts";
import { validate } from "../validate.ts";

const ZParkedQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "expected 1 to 200")
    .transform(Number)
    .pipe(z.number().min(1, "expected 1 to 200").max(200, "expected 1 to 200"))
    .optional(),
});

export function signalRoutes(runtime: Runtime) {
  return new Hono<{ Variables: ApiVariables }>().get(
    "/api/webhooks/parked",
    validate("query", ZParkedQuery),
    async (c) =>
      c.json({ parked: await runtime.repos.signals.parked(c.req.valid("query").limit ?? 50) }),
  );
}
