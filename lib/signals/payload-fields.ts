// Fields of providers' webhook payloads, read defensively: a payload is never refused for an odd
// value in a field we only read.
import { z } from "zod";

/** A text field: a string, or a number as text; anything else (null, lists, objects) as missing. */
export const ZPayloadText = z
  .union([z.string(), z.number()])
  .transform(String)
  .nullish()
  .catch(null);
