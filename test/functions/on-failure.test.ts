// Every function alerts when it runs out of retries: the pipeline stages through their own
// onFailure (a WARNING naming the run), send-alert by logging (its alert did not reach Slack), and
// every other function through onFunctionFailure (a CRITICAL naming the function, the failed run
// and the event that started it).
import { describe, expect, it } from "vitest";
import { functions } from "../../functions/index.ts";
import { recordRejection } from "../../functions/record-rejection.ts";
import { executeOnFailure, startRuntime } from "./support.ts";

describe("onFailure", () => {
  it("every function has one", () => {
    // biome-ignore lint/complexity/useLiteralKeys: onFailureFn is private in inngest's types
    const without = functions.filter((fn) => typeof fn["onFailureFn"] !== "function");
    expect(without.map((fn) => fn.id())).toEqual([]);
  });

  it("a function failing for good raises a CRITICAL alert naming the function, run and event", async () => {
    await startRuntime({ rawEnv: { APOLLO_API_KEY: "apollo-secret-key-77" } });
    const output = await executeOnFailure(
      recordRejection,
      { name: "email.rejected", data: { cardId: "card_x", leadId: "lead_x" } },
      new Error("store answered 500 for key apollo-secret-key-77"),
    );
    expect(output.sent.flatMap((sent) => sent.events)).toEqual([
      {
        name: "alert.raised",
        data: {
          severity: "CRITICAL",
          title: "Function record-rejection failed after its retries",
          detail: "Error: store answered 500 for key [redacted]",
          context: {
            function: "record-rejection",
            run: "01KAY5W3J6X8N2Q4R7T9V1B3C5",
            event: "email.rejected",
          },
        },
      },
    ]);
  });
});
