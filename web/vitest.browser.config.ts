import { defineConfig } from "vitest/config";

// The browser tests: headless Chromium (Debian's) driven by playwright-core against a local
// platform that `tests/browser` (pytest) starts and names in FOOTPRINT_WEB_URL.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
