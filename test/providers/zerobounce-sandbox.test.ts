// The ZeroBounce sandbox: mostly valid, some catch-all (whole domains), a few invalid/unknown,
// rare spamtrap/abuse/do_not_mail, deterministic per seed and address; rules for role mailboxes,
// typos, bad syntax and free mail.
import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import type { TVerification } from "../../lib/leads/profile.ts";
import { sandboxVerdict } from "../../lib/providers/sandbox/zerobounce-world.ts";
import { createZeroBounceSandbox } from "../../lib/providers/zerobounce-sandbox.ts";
import { ZZeroBounceResult } from "../../lib/providers/zerobounce-schemas.ts";
import { failure } from "./support.ts";

const NOW = Date.UTC(2025, 6, 1, 8, 30);
const addresses = (n: number) =>
  Array.from({ length: n }, (_, i) => `person${i}.lastname@company${i % 700}.com`);

async function verify(seed: string, emails: string[]): Promise<TVerification[]> {
  const client = createZeroBounceSandbox({ seed, now: () => NOW });
  const out: TVerification[] = [];
  for (let i = 0; i < emails.length; i += 200)
    out.push(...(await client.validateBatch(emails.slice(i, i + 200))));
  return out;
}

describe("ZeroBounce sandbox", () => {
  it("gives the designed mix of verdicts over 2,000 company addresses", async () => {
    const verdicts = await verify("zb", addresses(2_000));
    const share = (status: string) =>
      verdicts.filter((v) => v.status === status).length / verdicts.length;
    expect(share("valid")).toBeGreaterThan(0.7);
    expect(share("valid")).toBeLessThan(0.86);
    expect(share("catch-all")).toBeGreaterThan(0.06);
    expect(share("catch-all")).toBeLessThan(0.2);
    expect(share("invalid")).toBeGreaterThan(0.01);
    expect(share("invalid")).toBeLessThan(0.08);
    expect(share("unknown")).toBeGreaterThan(0.01);
    expect(share("unknown")).toBeLessThan(0.08);
    const rare = share("spamtrap") + share("abuse") + share("do_not_mail");
    expect(rare).toBeGreaterThan(0.005);
    expect(rare).toBeLessThan(0.05);
    for (const v of verdicts) {
      expect(v.checkedAt).toBe(new Date(NOW).toISOString());
      expect(typeof v.mxFound).toBe("boolean");
    }
  });

  it("treats catch-all as a property of the domain", async () => {
    const verdicts = await verify("zb", addresses(1_400));
    const byDomain = new Map<string, Set<string>>();
    for (const v of verdicts) {
      const domain = v.email.split("@")[1] ?? "";
      const statuses = byDomain.get(domain) ?? new Set();
      statuses.add(v.status === "catch-all" ? "catch-all" : "other");
      byDomain.set(domain, statuses);
    }
    for (const statuses of byDomain.values()) expect(statuses.size).toBe(1);
  });

  it("is deterministic per seed and address, and differs across seeds", async () => {
    const emails = addresses(300);
    const a = await verify("one", emails);
    expect(await verify("one", emails)).toEqual(a);
    const client = createZeroBounceSandbox({ seed: "one", now: () => NOW });
    expect(await client.validate(emails[5] ?? "")).toEqual(a[5]);
    const b = await verify("two", emails);
    expect(b.map((v) => v.status)).not.toEqual(a.map((v) => v.status));
  });

  it("applies the rules for role mailboxes, typos, bad syntax and free mail", async () => {
    const client = createZeroBounceSandbox({ seed: "rules", now: () => NOW });
    const [role, typo, broken, free] = await client.validateBatch([
      "sales@northwindanalytics.com",
      "dana@gmial.com",
      "not-an-address",
      "dana.whitfield@gmail.com",
    ]);
    expect(role).toMatchObject({ status: "do_not_mail", subStatus: "role_based" });
    expect(typo).toMatchObject({
      status: "invalid",
      subStatus: "possible_typo",
      didYouMean: "dana@gmail.com",
      mxFound: false,
    });
    expect(broken).toMatchObject({ status: "invalid", subStatus: "failed_syntax_check" });
    expect(free?.freeEmail).toBe(true);
    expect(free?.status).not.toBe("catch-all");
  });

  it("refuses what the live client refuses", async () => {
    const client = createZeroBounceSandbox({ seed: "x" });
    expect(await failure(client.validateBatch(addresses(201)))).toBeInstanceOf(NonRetriableError);
    expect(await failure(client.validate(""))).toBeInstanceOf(NonRetriableError);
  });

  it("answers in the documented shape", () => {
    for (const email of addresses(50)) {
      expect(ZZeroBounceResult.safeParse(sandboxVerdict("s", email, NOW)).success).toBe(true);
    }
  });
});
