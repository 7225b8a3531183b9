// Lead batches: the pipeline moves leads between stages in batches of at most STAGE_BATCH_SIZE,
// so Inngest steps (and their cost) grow per batch, not per lead.
import { STAGE_BATCH_SIZE } from "../events.ts";

/** Splits items into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number = STAGE_BATCH_SIZE): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What every stage event of one batch carries. */
export type TStageBatch = {
  runId: string;
  campaign: string;
  mode: "sandbox" | "production";
  leadIds: string[];
  batch: { index: number; count: number };
};

/** The same batch, with the leads that go on to the next stage. */
export function nextBatch(batch: TStageBatch, leadIds: string[]): TStageBatch {
  return {
    runId: batch.runId,
    campaign: batch.campaign,
    mode: batch.mode,
    leadIds,
    batch: batch.batch,
  };
}
