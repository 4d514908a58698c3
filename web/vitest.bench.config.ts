import { defineConfig } from "vitest/config";

// The first-load benchmark (bench/web.py runs it): one browser, one run at a time.
export default defineConfig({
  test: {
    include: ["bench/**/*.test.ts"],
    environment: "node",
    testTimeout: 300_000,
  },
});
