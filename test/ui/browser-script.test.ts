// browserScript: typed modules become one plain script, and anything that would not survive the
// trip to the browser (non-functions, anonymous or arrow functions, a missing entry) is refused.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { browserScript } from "../../routes/ui/browser-script.ts";
import { REVIEW_SCRIPT } from "../../routes/ui/review-assets.ts";

function double(n: number): number {
  return n * 2;
}
function main(): void {
  (globalThis as { result?: number }).result = double(21);
}

describe("browserScript", () => {
  it("joins the functions in one scope and calls the entry", () => {
    const sandbox: { result?: number } = {};
    runInNewContext(browserScript([{ double }, { main }], "main"), sandbox);
    expect(sandbox.result).toBe(42);
  });

  it("refuses what would break in the browser", () => {
    expect(() => browserScript([{ x: 1 }], "x")).toThrow(/not a function/);
    expect(() => browserScript([{ arrow: (n: number) => n }], "arrow")).toThrow(/named function/);
    expect(() => browserScript([{ double }], "main")).toThrow(/entry main/);
  });

  it("builds the /sales script, which parses as plain JavaScript", () => {
    expect(() => new Function(REVIEW_SCRIPT.body)).not.toThrow();
    expect(REVIEW_SCRIPT.body).toContain("startReviewPage();");
  });
});
