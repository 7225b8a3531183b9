// The /sales page's actions as htmx calls them (no browser): inputs pass the API's schemas and a
// refusal comes back in place (422) with the reason; an edit over someone else's newer text is
// refused with the reviewer's draft kept; page changes need htmx's header and a form body; the
// heartbeat reports a card decided elsewhere only once its decision is final; a bulk decision
// gives its cards one undo window, lists every card it decided, and leaves out what it could not.
import { afterEach, describe, expect, it } from "vitest";
import { approveCard } from "../../lib/approval/decide.ts";
import { startRun } from "../../lib/pipeline/start-run.ts";
import { storeKey } from "../../lib/store/keys.ts";
import { createApp } from "../../routes/app.ts";
import { stepVersion } from "../../routes/ui/review-card.ts";
import { createTestRuntime, type TestRuntime } from "../support/runtime.ts";

const TOKEN = "review-actions-token-0123456789abcdef";
let rt: TestRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

async function setup() {
  const runtime = await createTestRuntime({
    rawEnv: { DASHBOARD_AUTH_TOKEN: TOKEN },
    start: new Date("2026-11-24T15:00:00Z"),
  });
  rt = runtime;
  await startRun(runtime, { campaign: "default", mode: "sandbox", limit: 8 }, "test");
  await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 60_000 });
  const app = createApp(runtime);
  const login = await app.request("/sales/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: TOKEN, name: "Dana Reviewer" }).toString(),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  const post = async (
    path: string,
    form: Record<string, string> | URLSearchParams,
    headers = {},
  ) => {
    const res = await app.request(path, {
      method: "POST",
      headers: {
        cookie,
        "hx-request": "true",
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: (form instanceof URLSearchParams ? form : new URLSearchParams(form)).toString(),
    });
    return { status: res.status, text: await res.text() };
  };
  const ids = await runtime.repos.cards.pendingIds();
  return { runtime, app, cookie, post, ids };
}

describe("the /sales page's actions", () => {
  it("refuse bad inputs in place, with the reviewer's draft kept", async () => {
    const { runtime, app, cookie, post, ids } = await setup();
    const id = ids[0] ?? "";
    const card = await runtime.repos.cards.get(id);
    const step1 = card?.sequence.find((s) => s.step === 1);
    if (!step1) throw new Error("no step 1");
    const base = stepVersion(step1);
    const blank = await post(`/sales/cards/${id}/steps/1`, { subject: "   ", body: "Hi", base });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain("The subject cannot be empty.");
    expect(blank.text).toContain('class="step step-editing"');
    const long = await post(`/sales/cards/${id}/steps/1`, {
      subject: "Hello",
      body: "x".repeat(10_001),
      base,
    });
    expect(long.status).toBe(422);
    // Someone else saves step 1; a save from the form opened before is refused, its text kept.
    await post(`/sales/cards/${id}/steps/1`, { subject: "Their subject", body: step1.body, base });
    const stale = await post(`/sales/cards/${id}/steps/1`, {
      subject: "My subject",
      body: `${step1.body}\nMine.`,
      base,
    });
    expect(stale.status).toBe(422);
    expect(stale.text).toContain("was changed by someone else while you edited it");
    expect(stale.text).toContain('value="My subject"');
    expect((await runtime.repos.cards.get(id))?.message.subject).toBe("Their subject");
    const note = await post(`/sales/cards/${id}/reject`, {
      rejection_tag: "other",
      note: "n".repeat(2001),
    });
    expect(note.status).toBe(422);
    expect((await runtime.repos.cards.get(id))?.status).toBe("pending");
    expect((await post(`/sales/cards/${id}/approve`, {}, { "hx-request": "" })).status).toBe(403);
    const garbage = await app.request(`/sales/cards/${id}/reject`, {
      method: "POST",
      headers: { cookie, "hx-request": "true", "content-type": "multipart/form-data; boundary=x" },
      body: "--y\r\nnot a form",
    });
    expect(garbage.status).toBe(400);
    const missing = await app.request(`/sales/cards/${id}/steps/9/edit`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    const huge = await post("/sales/bulk/undo", { ids: "x".repeat(300_000) });
    expect(huge.status).toBe(413);
  });

  it("the heartbeat shows a card decided elsewhere only once its decision is final", async () => {
    const { runtime, post, ids } = await setup();
    const id = ids[1] ?? "";
    await approveCard(runtime, id, { undoable: true }, "Other Reviewer");
    const during = await post("/sales/changes", { ids: id, loaded: runtime.now().toISOString() });
    expect(during.text).not.toContain(`id="card-${id}"`);
    await runtime.engine?.runUntilIdle({ until: runtime.now().getTime() + 11_000 });
    const after = await post("/sales/changes", { ids: id, loaded: runtime.now().toISOString() });
    expect(after.text).toContain(`id="card-${id}"`);
    expect(after.text).toMatch(/approved by Other Reviewer elsewhere/);
  });

  it("a bulk decision gives one undo window, lists every card it decided, and skips what it cannot", async () => {
    const { runtime, post, ids } = await setup();
    const [a, b, c] = ids as [string, string, string];
    // c's lead record no longer reads: c is still approved (the view is thinner), and listed.
    const cCard = await runtime.repos.cards.get(c);
    await runtime.store.redis.set(storeKey("lead", cCard?.leadId ?? ""), "{broken");
    const answer = await post("/sales/bulk", { action: "approve", scope: "selected", ids: a }, {});
    expect(answer.status).toBe(200);
    const form = new URLSearchParams([
      ["action", "approve"],
      ["scope", "selected"],
      ["ids", b],
      ["ids", c],
    ]);
    const both = await post("/sales/bulk", form, {});
    expect(both.status).toBe(200);
    const states = await runtime.repos.cards.statesOf([a, b, c]);
    expect(states.map((s) => s?.status)).toEqual(["approved", "approved", "approved"]);
    // One window for the bulk: b and c share it; the answer can undo both.
    expect(states[1]?.decision?.undoUntil).toBe(states[2]?.decision?.undoUntil);
    expect(both.text).toContain("Approved 2 cards");
    expect(both.text).toContain(`${b},${c}`);
    expect(answer.text).toContain("Undo all");
  });
});
