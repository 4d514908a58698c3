import { defineConfig } from "vitest/config";

// The app is served under a strict Content-Security-Policy (default-src 'self'): nothing is
// inlined into index.html or turned into a data: URL, and no code is evaluated from strings.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    target: "es2022",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    // `npm run dev` serves the app and forwards the API to `make local`.
    proxy: { "/v1": "http://127.0.0.1:3000" },
  },
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}"],
    environment: "happy-dom",
  },
});
