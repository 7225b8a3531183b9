// A network store's outage and its end: one log line and one alert each, however many requests
// fail in between (the transports report only the transitions); and the embedded store's
// checkpointer thread stopping, which slows commits but loses nothing.
import type { Logger } from "../log.ts";
import type { ReachabilityListener } from "../store/reachability.ts";
import type { AlertSink } from "./alert-sink.ts";

/**
 * The embedded store's checkpointer thread stopping: one log line and one WARNING. Nothing is
 * lost (commits fold the WAL in themselves, past a larger bound), but requests may wait longer.
 */
export function checkpointerStopReporter(logger: Logger, alerts: AlertSink) {
  return (why: string) => {
    logger.warn(
      `embedded store: its checkpointer thread stopped (${why}); commits checkpoint instead`,
    );
    alerts
      .send({
        severity: "WARNING",
        title: "Embedded store checkpointer stopped",
        detail: `${why}. Nothing is lost: commits fold the WAL into the database themselves, holding requests back longer; a restart starts the thread again.`,
        context: {},
      })
      .catch((error: unknown) => logger.warn("could not send the checkpointer alert:", error));
  };
}

export /** A store outage and its end: one log line and one alert each, however many requests fail. */
function storeOutageReporter(logger: Logger, alerts: AlertSink): ReachabilityListener {
  return (change) => {
    const down = change.state === "unreachable";
    const line = `store ${change.state}: ${change.reason}`;
    if (down) logger.error(line);
    else logger.info(line);
    alerts
      .send({
        severity: down ? "CRITICAL" : "INFO",
        title: down ? "Store unreachable" : "Store reachable again",
        detail: down
          ? `${change.reason}. API requests answer 503 store_unavailable and the engine waits until the store answers again.`
          : "The store answers again; requests and runs carry on.",
        context: {},
      })
      .catch((error: unknown) => logger.warn("could not send the store outage alert:", error));
  };
}
