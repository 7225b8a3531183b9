// What the Head of Sales' decisions say about the copy: for each template variant ("initial#2")
// and each campaign angle, how many sequences using it were approved and rejected, the rejection
// tags, and the acceptance rate — weakest first, so the variant to rewrite is the first line.
import type { Runtime } from "../runtime/runtime.ts";

export type TCopyStat = {
  /** The template variant ("initial#2") or the angle ("angle:mid_market_ops"). */
  key: string;
  approved: number;
  rejected: number;
  /** Approved over decided; null before any decision. */
  acceptance: number | null;
  tags: Record<string, number>;
};

/** The counts as lists of variants and angles, each weakest (lowest acceptance) first. */
export async function copyStats(runtime: Pick<Runtime, "repos">) {
  const counts = await runtime.repos.cards.copyStats();
  const byKey = new Map<string, TCopyStat>();
  for (const [field, n] of Object.entries(counts)) {
    const at = field.lastIndexOf("|");
    const key = field.slice(0, at);
    const what = field.slice(at + 1);
    const stat = byKey.get(key) ?? { key, approved: 0, rejected: 0, acceptance: null, tags: {} };
    if (what === "approved") stat.approved += n;
    else if (what === "rejected") stat.rejected += n;
    else if (what.startsWith("tag:") && n > 0) stat.tags[what.slice(4)] = n;
    byKey.set(key, stat);
  }
  const stats = [...byKey.values()]
    .map((s) => {
      const decided = s.approved + s.rejected;
      return { ...s, acceptance: decided > 0 ? s.approved / decided : null };
    })
    .filter((s) => s.approved + s.rejected > 0)
    .sort((a, b) => (a.acceptance ?? 1) - (b.acceptance ?? 1) || a.key.localeCompare(b.key));
  return {
    variants: stats.filter((s) => !s.key.startsWith("angle:")),
    angles: stats
      .filter((s) => s.key.startsWith("angle:"))
      .map((s) => ({ ...s, key: s.key.slice("angle:".length) })),
  };
}
