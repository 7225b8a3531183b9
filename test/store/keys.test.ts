// storeKey: the one way keys are named, under the app's prefix.
import { describe, expect, it } from "vitest";
import { STORE_KEY_PREFIX, storeKey } from "../../lib/store/index.ts";

describe("storeKey", () => {
  it("joins parts under the app prefix", () => {
    expect(STORE_KEY_PREFIX).toBe("alpha-swarm");
    expect(storeKey("safety", "emergency_stop")).toBe("alpha-swarm:safety:emergency_stop");
    expect(storeKey("lead", 42, "score")).toBe("alpha-swarm:lead:42:score");
    expect(storeKey("email", "a:b@example.com")).toBe("alpha-swarm:email:a:b@example.com");
  });

  it("rejects empty parts, no parts and non-finite numbers", () => {
    expect(() => storeKey()).toThrow("storeKey needs at least one part");
    expect(() => storeKey("lead", "", "x")).toThrow("storeKey part 1 is empty");
    expect(() => storeKey("lead", Number.NaN)).toThrow("storeKey part 1 is not a finite number");
  });
});
