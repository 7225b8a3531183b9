// fillTemplate: fills every placeholder, and names what it could not fill.
import { describe, expect, it } from "vitest";
import { fillTemplate, insertSnippets } from "../../lib/crafting/fill-template.ts";
import { UnfilledVariableError } from "../../lib/crafting/unfilled-variable-error.ts";

const site = { step: 3, template: "value_followup", part: "body" } as const;

describe("fillTemplate", () => {
  it("fills placeholders, with or without inner spaces, leaving other text alone", () => {
    expect(
      fillTemplate(
        "Hi {{first_name}}, {{ company }} $& co",
        { first_name: "Jo", company: "A$1" },
        site,
      ),
    ).toBe("Hi Jo, A$1 $& co");
  });

  it("names every missing variable once, with the step", () => {
    try {
      fillTemplate("{{a}} {{b}} {{a}} {{constructor}}", { a: "x" }, site);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnfilledVariableError);
      expect((error as UnfilledVariableError).variables).toEqual(["b", "constructor"]);
      expect((error as Error).message).toBe(
        "Step 3 (value_followup) body: unfilled variables b, constructor",
      );
    }
  });

  it("rejects malformed placeholders and stray braces", () => {
    expect(() => fillTemplate("Hi {{first name}}", {}, site)).toThrow(
      "unfilled variable first name",
    );
    expect(() => fillTemplate("Hi {{", {}, site)).toThrow('unfilled variable stray "{{"');
  });

  it("inserts snippets that carry their own placeholders", () => {
    const text = insertSnippets("{{hook}} {{name}}", { hook: "About {{company}}." });
    expect(text).toBe("About {{company}}. {{name}}");
    expect(fillTemplate(text, { company: "Acme", name: "Jo" }, site)).toBe("About Acme. Jo");
  });
});
