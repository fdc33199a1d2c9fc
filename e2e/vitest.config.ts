import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Browser tests: a real server (embedded database in a temp dir, the built web app) driven through Debian's
// Chromium with playwright-core. Run by `npm test` (scripts/test.ts) and `npm run test:e2e`.
export default defineConfig({
  root: resolve(import.meta.dirname, ".."),
  test: {
    name: "e2e",
    include: ["e2e/src/**/*.test.ts"],
    globalSetup: ["e2e/src/global-setup.ts"],
    // One server and one browser per file; the steps of a journey run in order.
    fileParallelism: false,
    sequence: { concurrent: false, seed: 20261124 },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
