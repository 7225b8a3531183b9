// Vitest configuration: one project, Node environment, a global setup that provides a real Redis.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/redis-server.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
