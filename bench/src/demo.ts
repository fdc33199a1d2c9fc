import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../apps/server/src/config.ts";
import { DEMO_DEFAULTS, fillDemoCompany } from "../../apps/server/src/modules/demo/index.ts";
import { applyTemplateOnFirstStart } from "../../apps/server/src/modules/templates/index.ts";
import type { BenchOptions } from "./lib/options.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";

/** Issue 16 part 7: the demo company (3,000 accounts and everything around them) on PGlite in ≤ 60 s. */
const TARGET_MS = 60_000;
const TITLE = "keduo demo on a new PGlite installation";

/**
 * Phase 1: a new PGlite installation, the CRM template as on a first start, then the whole demo company
 * (departments and users, every record) as `keduo demo` fills it, then the same call again (the guard).
 * `--quick` fills 300 accounts.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const started = new Date();
  const scale = options.quick ? 300 : DEMO_DEFAULTS.scale;
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = { scale, seed: DEMO_DEFAULTS.seed };
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-demo-"));
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      const config = loadConfig({ KEDUO_DATA_DIR: dataDir });
      const timed = async <T>(work: () => Promise<T>) => {
        const start = performance.now();
        const value = await work();
        return { value, ms: performance.now() - start };
      };
      const template = await timed(() => applyTemplateOnFirstStart(server.keduo, "crm"));
      if (!template.value) throw new Error("the CRM template was not applied to the new installation");
      const filled = await timed(() => fillDemoCompany(server.keduo, config, { scale }));
      if (!filled.value.created) throw new Error(`no demo filled: ${filled.value.reason}`);
      const again = await timed(() => fillDemoCompany(server.keduo, config, { scale }));
      const records = Object.values(filled.value.counts).reduce((sum, count) => sum + count, 0);
      details.counts = filled.value.counts;
      details.users = filled.value.users.length;
      const row = (metric: string, ms: number, target: number | null, notes: string): ResultRow => ({
        phase: "1",
        title: TITLE,
        metric,
        value: ms,
        unit: "ms",
        target,
        notes,
      });
      results.push(
        row("CRM template on the first start (not part of the target)", template.ms, null, ""),
        row(
          `demo company: ${filled.value.users.length} users, ${scale} accounts and all around them`,
          filled.ms,
          options.quick ? null : TARGET_MS,
          `${records} records, ${Math.round(records / (filled.ms / 1000))} records/s`,
        ),
        row(
          "template + demo (what `npm start -- --demo` adds to a first start)",
          template.ms + filled.ms,
          null,
          "",
        ),
        {
          ...row("a second run finds the demo and does nothing", again.ms, null, ""),
          check: {
            ok: !again.value.created && again.value.reason === "exists",
            display: again.value.created ? "filled again" : again.value.reason,
            expected: "exists",
          },
        },
      );
    } finally {
      await server.close();
    }
  } finally {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
  printTable("Demo company", results);
  const file = writeResults("demo", {
    started,
    environment: environment({ engine: "pglite" }),
    details,
    results,
  });
  process.stdout.write(`results: ${file}\n`);
  return results.every(passes);
}
