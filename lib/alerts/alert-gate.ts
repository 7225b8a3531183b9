// Before an alert goes out: its escalation level — Level 1, 2 or 3 as failures of the same
// function (or stage, or title) repeat within the window of config/alerts.json — and whether it
// is a repeat of an identical alert sent within the dedup window at the same level (then it stays
// quiet). Deterministic: the same failures in the same order give the same levels.
import { hash } from "node:crypto";
import type { TConfig } from "../config/schemas.ts";
import type { AlertRepo } from "../store/alert-repo.ts";
import type { TAlert } from "./alert-sink.ts";

export type TAlertLevel = 1 | 2 | 3;

/** What an alert is about, for counting its repeats: the function, else the stage, else the title. */
export const alertSubject = (alert: TAlert): string =>
  alert.context.function ?? (alert.context.stage ? `stage:${alert.context.stage}` : alert.title);

/** The identity of an identical alert (the run aside: the same failure in another run is a repeat). */
export function alertFingerprint(alert: TAlert): string {
  const { run: _, ...context } = alert.context;
  const basis = JSON.stringify([
    alert.severity,
    alert.title,
    alert.detail,
    Object.entries(context).sort(),
  ]);
  return hash("sha1", basis, "hex");
}

export function levelFor(count: number, escalation: TConfig["alerts"]["escalation"]): TAlertLevel {
  if (count >= escalation.level_3_after) return 3;
  if (count >= escalation.level_2_after) return 2;
  return 1;
}

export async function gateAlert(
  repo: AlertRepo,
  config: Pick<TConfig, "alerts">,
  alert: TAlert,
): Promise<{ send: boolean; level: TAlertLevel; count: number }> {
  const { escalation, dedup_minutes } = config.alerts;
  // INFO is news, not a failure: it neither counts nor escalates.
  const count =
    alert.severity === "INFO"
      ? 1
      : await repo.countFailure(alertSubject(alert), escalation.window_minutes * 60);
  const level = levelFor(count, escalation);
  const fingerprint = alertFingerprint(alert);
  const sent = await repo.sentLevel(fingerprint);
  if (sent !== null && sent >= level) return { send: false, level, count };
  await repo.markSent(fingerprint, level, dedup_minutes * 60);
  return { send: true, level, count };
}
