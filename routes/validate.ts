// zValidator with the app's error shape: an invalid input is a 400 `{ error, detail }` whose detail
// names each failing field (or, for forms, whatever response the caller chooses instead).
import { zValidator } from "@hono/zod-validator";
import type { Context, ValidationTargets } from "hono";
import type { z } from "zod";
import { describeIssues } from "../lib/config/config-error.ts";

export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
  onInvalid?: (c: Context) => Response,
) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      if (onInvalid) return onInvalid(c);
      const where = target === "json" ? "body." : `${target}.`;
      return c.json(
        { error: "invalid_request", detail: describeIssues(where, result.error).join("; ") },
        400,
      );
    }
  });
}
