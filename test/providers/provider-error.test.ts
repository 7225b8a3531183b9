// The pieces of error mapping that need no HTTP: the provider's error text, key masking, and
// the field path of a schema failure.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { providerErrorText } from "../../lib/providers/provider-error.ts";
import { ProviderResponseError, parseBody } from "../../lib/providers/provider-response-error.ts";
import { maskSecrets } from "../../lib/providers/secret-mask.ts";

describe("providerErrorText", () => {
  it("takes error, message and errors fields from JSON bodies", () => {
    expect(providerErrorText({ error: "Invalid access credentials." })).toBe(
      "Invalid access credentials.",
    );
    expect(providerErrorText({ message: "Too many", errors: ["a", { message: "b" }] })).toBe(
      "Too many; a; b",
    );
  });

  it("strips markup from text bodies and keeps them short", () => {
    expect(providerErrorText("<html><h1>502 Bad Gateway</h1></html>")).toBe("502 Bad Gateway");
    expect(providerErrorText("x".repeat(1_000))).toHaveLength(300);
  });

  it("falls back to the JSON of unknown bodies, and to nothing for none", () => {
    expect(providerErrorText({ code: 7 })).toBe('{"code":7}');
    expect(providerErrorText(undefined)).toBe("");
  });
});

describe("maskSecrets", () => {
  it("masks known keys and key-like query parameters", () => {
    const text =
      "GET https://api.zerobounce.net/v2/validate?api_key=zb-secret-1&email=a@b.co failed";
    const masked = maskSecrets(text, ["zb-secret-1"]);
    expect(masked).not.toContain("zb-secret-1");
    expect(masked).toContain("api_key=***&email=a@b.co");
    expect(maskSecrets("key sk-123456 leaked", ["sk-123456"])).toBe("key *** leaked");
    expect(maskSecrets("?apikey=unknown-value", [])).toBe("?apikey=***");
  });
});

describe("parseBody", () => {
  const schema = z.object({
    matches: z.array(z.object({ organization: z.object({ estimated_num_employees: z.number() }) })),
  });

  it("names provider, endpoint and the failing field path", () => {
    const body = {
      matches: [0, 1, 2, 3].map((i) => ({
        organization: { estimated_num_employees: i === 3 ? "1,000" : 10 },
      })),
    };
    let error: unknown;
    try {
      parseBody(schema, body, { provider: "Apollo", endpoint: "/people/bulk_match" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProviderResponseError);
    expect((error as Error).message).toBe(
      "Apollo /people/bulk_match: matches[3].organization.estimated_num_employees: expected number, got string",
    );
  });

  it("returns the parsed body when it fits", () => {
    const body = { matches: [{ organization: { estimated_num_employees: 5 } }] };
    expect(parseBody(schema, body, { provider: "Apollo", endpoint: "/x" })).toEqual(body);
  });
});
