import { defineConfig } from "vitest/config";

// Server suites run twice: once on embedded PGlite, once on the real PostgreSQL.
const serverProject = (engine: "pglite" | "postgres") => ({
  test: {
    name: `server-${engine}`,
    include: ["apps/server/src/**/*.test.ts"],
    env: { KEDUO_TEST_ENGINE: engine },
    pool: "forks" as const,
    // One PGlite instance per worker is shared by every file the worker runs (see test-app.ts).
    isolate: false,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    // Fixed seed: any randomised ordering or property test replays the same way in CI.
    sequence: { seed: 20261124 },
    projects: [
      { test: { name: "core", include: ["packages/core/src/**/*.test.ts"] } },
      // The web app's pure logic (no DOM): board placement, filters, totals.
      { test: { name: "web", include: ["apps/web/src/**/*.test.ts"] } },
      // The repository's own scripts, e.g. the import-layer check of `npm run check`.
      { test: { name: "tools", include: ["scripts/**/*.test.ts"] } },
      serverProject("pglite"),
      serverProject("postgres"),
    ],
  },
});
