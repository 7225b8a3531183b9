// Provider data made fit for a sentence: a merged value never ends the template's sentence (a
// question stays one question), abbreviations and brackets stay readable, unsafe characters go.
import { describe, expect, it } from "vitest";
import { clean, companyName } from "../../lib/crafting/text.ts";

describe("clean", () => {
  it("drops a stop that would end the template's sentence and keeps abbreviations", () => {
    const cases: [string, string][] = [
      ["Yahoo!", "Yahoo"],
      ["Acme. Co", "Acme Co"],
      ["“Acme!”", "“Acme”"],
      ["Acme (U.S.) Holdings", "Acme (U.S) Holdings"],
      ["J.P. Morgan", "J.P. Morgan"],
      ["St. Louis", "St. Louis"],
      ["Sons & Co.", "Sons & Co."],
      [". !", ""],
      ["Why? Now", "Why Now"],
    ];
    for (const [raw, merged] of cases) expect(clean(raw, 80), raw).toBe(merged);
  });

  it("strips legal suffixes from company names, never to nothing", () => {
    expect(companyName("Acme, Inc.", 60)).toBe("Acme");
    expect(companyName("Inc.", 60)).toBe("Inc.");
  });
});
