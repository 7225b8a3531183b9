// Every /api route a caller can reach, with a request that is harmless when authorised (an unknown
// id, or a body the route refuses), so an auth smoke test can call each one against a live app.
export type TApiRoute = { method: "GET" | "POST" | "PATCH"; path: string; body?: unknown };

const NO_CARD = "card_00000000000000000000";
const NO_RUN = "run_20000101_000000_000000";
const NO_BATCH = "batch_20000101_00000000";
const NO_CAMPAIGN = "campaign_none";

export const API_ROUTES: readonly TApiRoute[] = [
  { method: "GET", path: "/api/pipeline/runs" },
  { method: "POST", path: "/api/pipeline/runs", body: { campaign: "" } },
  { method: "GET", path: `/api/pipeline/runs/${NO_RUN}` },
  { method: "POST", path: `/api/pipeline/runs/${NO_RUN}/cancel`, body: {} },
  { method: "GET", path: "/api/emails/pending" },
  { method: "GET", path: `/api/emails/${NO_CARD}` },
  { method: "POST", path: `/api/emails/${NO_CARD}/approve`, body: {} },
  { method: "POST", path: `/api/emails/${NO_CARD}/reject`, body: { rejection_tag: "other" } },
  { method: "PATCH", path: `/api/emails/${NO_CARD}`, body: { body: "smoke" } },
  { method: "POST", path: `/api/emails/${NO_CARD}/undo`, body: {} },
  { method: "POST", path: "/api/emails/bulk", body: { action: "approve", ids: [NO_CARD] } },
  { method: "POST", path: "/api/emails/bulk/undo", body: { ids: [NO_CARD] } },
  { method: "GET", path: "/api/copy/stats" },
  { method: "GET", path: "/api/rejection-tags" },
  { method: "GET", path: "/api/queue/diagnostics" },
  { method: "GET", path: "/api/audit" },
  { method: "GET", path: "/api/store/damaged" },
  { method: "POST", path: "/api/operator/dispatch", body: { motion: "cadence" } },
  { method: "POST", path: `/api/operator/approve-batch/${NO_BATCH}`, body: {} },
  { method: "GET", path: "/api/operator/batches" },
  { method: "GET", path: `/api/operator/batches/${NO_BATCH}` },
  { method: "GET", path: "/api/operator/status" },
  { method: "GET", path: "/api/operator/shadow" },
  { method: "POST", path: "/api/operator/emergency-stop", body: { on: "neither" } },
  { method: "GET", path: "/api/operator/campaigns" },
  { method: "POST", path: `/api/operator/campaigns/${NO_CAMPAIGN}/activate` },
  { method: "POST", path: "/api/operator/suppressions", body: {} },
  { method: "GET", path: "/api/webhooks/parked" },
  { method: "GET", path: "/api/operator/suppressions" },
  { method: "GET", path: "/api/leads/lead_00000000000000000000" },
  { method: "GET", path: "/api/leads" },
  { method: "GET", path: "/api/leads/funnel" },
  { method: "GET", path: "/api/cadence/enrollments" },
  { method: "GET", path: "/api/health/providers" },
  { method: "GET", path: "/api/scorecard" },
  { method: "GET", path: "/api/kpis" },
  { method: "GET", path: "/api/deliverability" },
  { method: "POST", path: "/api/deliverability/clear", body: {} },
  { method: "GET", path: "/api/cadence/lead_00000000000000000000" },
  { method: "POST", path: "/api/cadence/lead_00000000000000000000/stop", body: {} },
];

/** The route pattern of a concrete path (`/api/emails/card_…` → `/api/emails/:id`). */
export function routePattern(path: string): string {
  return path.replace(/\/(card|run|batch|campaign|lead)_[0-9a-z_]+/g, "/:id");
}
