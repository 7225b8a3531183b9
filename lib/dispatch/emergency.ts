// Whether the emergency stop holds, and why: EMERGENCY_STOP in env, config/safety.json, or the
// runtime switch an operator set (with who, when and the reason).
import type { Runtime } from "../runtime/runtime.ts";

export type TEmergencyState = {
  on: boolean;
  sources: ("env" | "config" | "switch")[];
  reason: string | null;
  by: string | null;
  at: string | null;
};

export async function emergencyState(
  deps: Pick<Runtime, "env" | "config" | "repos">,
): Promise<TEmergencyState> {
  const sources: TEmergencyState["sources"] = [];
  if (deps.env.EMERGENCY_STOP) sources.push("env");
  if (deps.config.safety.emergency_stop) sources.push("config");
  const stored = await deps.repos.safety.readSwitch();
  if (stored?.on) sources.push("switch");
  const reason =
    stored?.on === true
      ? stored.reason
      : sources.includes("env")
        ? "EMERGENCY_STOP is set"
        : sources.includes("config")
          ? "config/safety.json emergency_stop is true"
          : null;
  return {
    on: sources.length > 0,
    sources,
    reason,
    by: stored?.on ? stored.by : null,
    at: stored?.on ? stored.at : null,
  };
}

/** Shadow mode: SHADOW_MODE in env when set, else config/safety.json. */
export const shadowMode = (deps: Pick<Runtime, "env" | "config">): boolean =>
  deps.env.SHADOW_MODE ?? deps.config.safety.shadow_mode;
