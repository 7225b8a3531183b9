// Conformance: ported from inngest/inngest-js packages/inngest/src/components/InngestFunction.test.ts,
// the cases "throws a retriable error when a string is thrown inside the main function body" and
// "... when an empty object is thrown ...". Upstream: `function-rejected`, retriable: true, with
// the error `serializeError(thrown)` (name "Error", the string / "{}" as message, a string
// stack). Observable here: the run is retried up to the default retries (3) and fails with that
// error.
import { describe, expect, it } from "vitest";
import { virtualEngine } from "../support.ts";
import { fixedBackoff, inngest, onlyRun } from "./support.ts";

const cases: [string, () => unknown, string][] = [
  ["a string", () => "foo", "foo"],
  ["an empty object", () => ({}), "{}"],
];

for (const [what, thrown, message] of cases) {
  describe(`throws a retriable error when ${what} is thrown inside the main function body`, () => {
    it("retries, then fails with the thrown value as an Error", async () => {
      let executions = 0;
      const fn = inngest.createFunction({ id: "Foo", triggers: [{ event: "foo" }] }, async () => {
        executions += 1;
        throw thrown();
      });
      const { engine } = virtualEngine([fn], fixedBackoff);
      await engine.send({ name: "foo" });
      await engine.runUntilIdle();

      const run = onlyRun(engine, "Foo");
      expect(executions).toBe(4);
      expect(run.status).toBe("failed");
      expect(run.error).toMatchObject({ name: "Error", message, stack: expect.any(String) });
    });
  });
}
