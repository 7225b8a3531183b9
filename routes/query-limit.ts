// The `limit` query parameter of the API's listings: a whole number from 1 to 200.
import { z } from "zod";

const LIMIT_ERROR = "expected 1 to 200";

export const ZQueryLimit = z
  .string()
  .regex(/^\d{1,3}$/, LIMIT_ERROR)
  .transform(Number)
  .pipe(z.number().min(1, LIMIT_ERROR).max(200, LIMIT_ERROR));
