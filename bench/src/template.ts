import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyTemplateOnFirstStart, readTemplate } from "../../apps/server/src/modules/templates/index.ts";
import type { BenchOptions } from "./lib/options.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";

/** Issue 16: the CRM template applied to an empty installation on PGlite. */
const TARGET_MS = 10_000;
const TITLE = "templates/crm on an empty installation (PGlite)";

type Plan = { summary: Record<string, number>; statements: string[]; applied: boolean };

/** A fresh PGlite installation for one phase, removed afterwards unless --keep. */
async function withInstallation<T>(
  options: BenchOptions,
  work: (server: Awaited<ReturnType<typeof startBenchServer>>) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-template-"));
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      return await work(server);
    } finally {
      await server.close();
    }
  } finally {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Phase 1: the template over HTTP as an admin applies a bundle — the dry run, the apply (one transaction, one
 * version bump) and applying it again (nothing to do). Phase 2: what `keduo start` runs on a first start
 * (modules/templates), on another empty installation.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const started = new Date();
  const files = await readTemplate("crm");
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = { files: Object.keys(files).length };
  const only = (phase: string) => !options.only || options.only.has(phase);

  if (only("1")) {
    await withInstallation(options, async (server) => {
      const timed = async (path: string) => {
        const start = performance.now();
        const response = await server.api.request<Plan>("POST", path, { files });
        const ms = performance.now() - start;
        if (response.status !== 200)
          throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 800)}`);
        return { ms, plan: response.body };
      };
      const dry = await timed("/api/admin/bundle/apply?dry_run=true");
      const applied = await timed("/api/admin/bundle/apply");
      const again = await timed("/api/admin/bundle/apply");
      details.summary = applied.plan.summary;
      details.statements = applied.plan.statements.length;
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
        row("dry run over HTTP (plan with DDL, rolled back)", dry.ms, null, ""),
        row(
          "apply over HTTP (one transaction, one version bump)",
          applied.ms,
          TARGET_MS,
          `${applied.plan.summary.create} created, ${applied.plan.statements.length} DDL statements`,
        ),
        row("apply again (nothing to do)", again.ms, null, `${again.plan.summary.unchanged} unchanged`),
        {
          ...row("nothing refused, nothing left to do the second time", 0, null, ""),
          check: {
            ok:
              applied.plan.summary.refused === 0 &&
              applied.plan.applied &&
              again.plan.summary.create === 0 &&
              !again.plan.applied,
            display: `${applied.plan.summary.refused} refused, then ${again.plan.summary.create} created`,
            expected: "0 refused, then 0 created",
          },
        },
      );
    });
  }

  if (only("2")) {
    await withInstallation(options, async (server) => {
      const start = performance.now();
      const plan = await applyTemplateOnFirstStart(server.keduo, "crm");
      const ms = performance.now() - start;
      results.push({
        phase: "2",
        title: TITLE,
        metric: "first start: check the installation is empty, read templates/crm, apply",
        value: ms,
        unit: "ms",
        target: TARGET_MS,
        notes: plan ? `${plan.summary.create} created` : "NOT APPLIED",
        ...(plan ? {} : { check: { ok: false, display: "not applied", expected: "applied" } }),
      });
    });
  }

  printTable("CRM template apply", results);
  const file = writeResults("template", {
    started,
    environment: environment({ engine: "pglite" }),
    details,
    results,
  });
  process.stdout.write(`results: ${file}\n`);
  return results.every(passes);
}
