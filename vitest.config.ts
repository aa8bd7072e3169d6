import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Each file starts real server processes on real databases: give them time, and run files
    // one or two at a time so a 2-core machine is not oversubscribed.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ["tests/support/global-setup.ts"],
  },
});
