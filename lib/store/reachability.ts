// Tells once when a network store becomes unreachable and once when it answers again, so an
// outage is one warning (and one alert) rather than one per failed request.

/** A change in whether the store answers; `reason` never holds a secret. */
export type ReachabilityChange = { state: "unreachable" | "reachable"; reason: string };

/** Who hears of reachability changes. */
export type ReachabilityListener = (change: ReachabilityChange) => void;

/** Tracks failures and successes, reporting only the transitions between them. */
export function reachabilityTracker(report: ReachabilityListener) {
  let down = false;
  return {
    failed(reason: string): void {
      if (down) return;
      down = true;
      report({ state: "unreachable", reason });
    },
    succeeded(): void {
      if (!down) return;
      down = false;
      report({ state: "reachable", reason: "answering again" });
    },
  };
}
