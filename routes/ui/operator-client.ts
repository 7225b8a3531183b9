// Browser code of /operator (see browser-script.ts): buttons and forms call the operator API with
// the page's session (the X-Requested-With header marks a page request); a dry run's answer is
// drawn in place, anything that changes state reloads the page to show it as stored.

/** The JSON answer of an operator API call, or the error it names. */
export async function operatorCall(
  path: string,
  body: unknown,
): Promise<{ ok: boolean; status: number; json: Record<string, unknown> }> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-requested-with": "alpha-swarm" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    json = { detail: `the server answered ${res.status}` };
  }
  return { ok: res.ok, status: res.status, json };
}

/** Shows a line in the page's status area. */
export function operatorStatus(text: string, kind: "info" | "success" | "error"): void {
  const status = document.getElementById("status");
  if (!status) return;
  status.textContent = text;
  status.className = `status status-${kind}`;
  status.hidden = false;
}

/** The dry run's (or live run's) answer as a list: per channel who goes, then who is held and why. */
export function drawDispatch(answer: Record<string, unknown>): void {
  const out = document.getElementById("dispatch-result");
  if (!out) return;
  out.replaceChildren();
  const add = (tag: string, text: string, parent: HTMLElement = out) => {
    const el = document.createElement(tag);
    el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  const channels = answer.channels as Record<
    string,
    {
      wouldSend: {
        name: string;
        company: string | null;
        tier: string;
        to: string;
        account: string | null;
        steps: number;
      }[];
      cap: { used: number; limit: number };
    }
  >;
  add(
    "h3",
    `${answer.live ? "Live: batches created" : "Dry run: nothing was sent, reserved or counted"} · ${String(answer.mode)} mode`,
  );
  for (const name of ["email", "linkedin"]) {
    const plan = channels[name];
    if (!plan) continue;
    add(
      "h4",
      `${name}: ${plan.wouldSend.length} ${answer.live ? "in batches" : "would go"} (cap ${plan.cap.used}/${plan.cap.limit} used today)`,
    );
    const list = add("ul", "");
    for (const unit of plan.wouldSend) {
      add(
        "li",
        `${unit.name} · ${unit.company ?? "no company"} · ${unit.tier} → ${unit.to}${unit.account ? ` via ${unit.account}` : ""} (${unit.steps} steps)`,
        list,
      );
    }
  }
  const held = answer.held as {
    name: string;
    layer: string;
    channel: string | null;
    reason: string;
  }[];
  const byLayer = Object.entries(answer.heldByLayer as Record<string, number>)
    .map(([layer, n]) => `${layer} ${n}`)
    .join(", ");
  add("h4", `Held back: ${held.length}${byLayer ? ` (${byLayer})` : ""}`);
  const list = add("ul", "");
  list.className = "held-list";
  for (const hold of held) {
    const item = add("li", "", list);
    add("span", hold.layer, item).className = "badge badge-none";
    add("span", ` ${hold.name}${hold.channel ? ` (${hold.channel})` : ""}: ${hold.reason}`, item);
  }
  out.hidden = false;
}

export async function onOperatorClick(event: MouseEvent): Promise<void> {
  const button = event.target instanceof Element ? event.target.closest("button[data-op]") : null;
  if (!(button instanceof HTMLButtonElement)) return;
  button.disabled = true;
  try {
    const op = button.dataset.op;
    if (op === "dry-run" || op === "live") {
      operatorStatus(op === "live" ? "Creating batches…" : "Running the layers…", "info");
      const res = await operatorCall("/api/operator/dispatch", {
        motion: "outbound",
        live: op === "live",
      });
      if (!res.ok) return operatorStatus(String(res.json.detail ?? "dispatch failed"), "error");
      drawDispatch(res.json);
      const batches = (res.json.batches as unknown[]).length;
      operatorStatus(
        op === "live"
          ? `${batches} batch(es) created; they wait for approval below.`
          : "Dry run done.",
        "success",
      );
      if (op === "live" && batches > 0) setTimeout(() => window.location.reload(), 1500);
      return;
    }
    if (op === "approve-batch") {
      const id = button.dataset.batch ?? "";
      const res = await operatorCall(`/api/operator/approve-batch/${id}`, {
        snapshotHash: button.dataset.hash,
      });
      if (!res.ok) return operatorStatus(String(res.json.detail ?? "approval failed"), "error");
      operatorStatus(`Approved batch ${id}: it sends now.`, "success");
      setTimeout(() => window.location.reload(), 1200);
    }
  } finally {
    button.disabled = false;
  }
}

export async function onOperatorSubmit(event: SubmitEvent): Promise<void> {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.id === "guard-form") {
    event.preventDefault();
    const reason = String(new FormData(form).get("reason") ?? "").trim();
    const res = await operatorCall("/api/deliverability/clear", { reason });
    if (!res.ok) return operatorStatus(String(res.json.detail ?? "clearing failed"), "error");
    operatorStatus("The deliverability guard is cleared: live dispatch may resume.", "success");
    setTimeout(() => window.location.reload(), 1000);
    return;
  }
  if (form.id !== "stop-form") return;
  event.preventDefault();
  const fields = new FormData(form);
  const on = form.dataset.on === "true";
  const reason = String(fields.get("reason") ?? "").trim();
  const res = await operatorCall("/api/operator/emergency-stop", { on, reason });
  if (!res.ok) return operatorStatus(String(res.json.detail ?? "the switch failed"), "error");
  operatorStatus(on ? "Emergency stop is ON." : "Emergency stop is off.", "success");
  setTimeout(() => window.location.reload(), 1000);
}

export function startOperatorPage(): void {
  document.addEventListener("click", (event) => void onOperatorClick(event));
  document.addEventListener("submit", (event) => void onOperatorSubmit(event));
}
