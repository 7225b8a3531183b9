// GoHighLevel's (LeadConnector v2) response bodies: `POST /contacts/search` → `{ contacts, total }`
// (providers.md, third-party body). Read defensively: extra fields pass, `email` and `tags` may be
// missing or null, a missing `contacts` list reads as none found.
import { z } from "zod";

export const ZGoHighLevelContact = z.looseObject({
  id: z.string().min(1),
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  companyName: z.string().nullish(),
  /** The contact's last activity: ISO text or epoch ms (3p: both are seen). */
  lastActivity: z.union([z.string(), z.number()]).nullish(),
  tags: z
    .array(z.string())
    .nullish()
    .transform((tags) => tags ?? []),
});
export type TGoHighLevelContact = z.input<typeof ZGoHighLevelContact>;

export const ZGoHighLevelContactSearchResponse = z.looseObject({
  contacts: z
    .array(ZGoHighLevelContact)
    .nullish()
    .transform((contacts) => contacts ?? []),
  total: z.number().nullish(),
});
export type TGoHighLevelContactSearchResponse = z.input<typeof ZGoHighLevelContactSearchResponse>;
