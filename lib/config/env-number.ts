// A number read from an environment variable: a value of only spaces is refused as not a number
// (z.coerce alone reads " " as 0, and the message then talks of the lower bound instead).
import { z } from "zod";

export const envNumber = (message: string) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? Number.NaN : value),
    z.coerce.number({ error: message }),
  );
