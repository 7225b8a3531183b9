// Vitest global setup: provides a real Redis to the tests as `redisUrl`. Uses REDIS_URL when set,
// else starts a throwaway redis-server on a free loopback port and stops it after the run.
import type { TestProject } from "vitest/node";
import { hasRedisServer, startRedisServer } from "../support/redis-process.ts";

declare module "vitest" {
  // biome-ignore lint/style/useConsistentTypeDefinitions: module augmentation needs an interface
  export interface ProvidedContext {
    /** URL of a Redis the tests may use (they touch only their own key prefix); unset when none. */
    redisUrl?: string;
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== "") {
    project.provide("redisUrl", fromEnv);
    return undefined;
  }
  if (!hasRedisServer()) {
    if (process.env.CI) {
      throw new Error("CI must test against real Redis: set REDIS_URL or install redis-server");
    }
    console.warn("[test] no REDIS_URL and no redis-server on PATH: Redis-backed tests are skipped");
    return undefined;
  }
  const redis = await startRedisServer();
  project.provide("redisUrl", redis.url);
  return redis.stop;
}
