import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { cloneDatabase, prepareTemplate } from "./lib/data-generator.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { dropDatabase, serverVersion } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";
import { launchBrowser } from "./web/browser.ts";
import { ensureWebBuild, initialJsGzipBytes } from "./web/bundle.ts";
import { webDataset } from "./web/dataset.ts";
import { designerSaves } from "./web/designer.ts";
import { loginToFirstRow, navigateBetweenLists } from "./web/phases.ts";

const FULL = {
  companies: 100_000,
  contacts: 5_000,
  login: { warmup: 1, count: 12 },
  nav: { warmup: 2, count: 20 },
  designer: { small: 1_000, large: 10_000, fields: 24, browserSaves: 12 },
};
const QUICK = {
  companies: 10_000,
  contacts: 1_000,
  login: { warmup: 1, count: 3 },
  nav: { warmup: 1, count: 4 },
  designer: { small: 200, large: 1_000, fields: 8, browserSaves: 3 },
};

export const LOGIN_TARGET_MS = 1500;
export const NAVIGATION_TARGET_MS = 300;
export const INITIAL_JS_TARGET_KB = 600;
export const FIELD_SAVE_TARGET_MS = 300;

/**
 * The web app in Chromium against PostgreSQL holding 100,000 customers: (a) sign-in to the first list row with
 * a cold browser cache, (b) switching lists through the navigation, (c) the JavaScript of the first page load;
 * (d) the designer on PGlite: one field save as the admin waits for it, on objects of 1,000 and 10,000 records.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  const calm: Record<string, QuietResult> = {};
  const load: Record<string, unknown> = {};

  if (["a", "b", "c", "d"].some((phase) => wants(options, phase))) ensureWebBuild();
  if (wants(options, "c")) {
    const { bytes, files } = initialJsGzipBytes();
    const kb = bytes / 1024;
    results.push({
      phase: "c",
      title: "initial JavaScript",
      metric: "gzip size",
      value: kb,
      unit: "KB",
      target: INITIAL_JS_TARGET_KB,
      notes: `${files.length} files (entry + static imports; designers and forms are lazy)`,
      check: {
        ok: kb <= INITIAL_JS_TARGET_KB,
        display: `${kb.toFixed(1)} KB`,
        expected: `≤ ${INITIAL_JS_TARGET_KB} KB`,
      },
    });
    details.c = { bytes, files };
    progress("c", `initial JavaScript: ${kb.toFixed(1)} KB gzip in ${files.length} files`);
  }

  const browserPhases = ["a", "b"].filter((phase) => wants(options, phase));
  if (browserPhases.length) {
    const quiet = await waitForOtherBenchmarks("web", options.quick ? 60 : 300);
    details.waitedForOtherBenchmarks = quiet;
    const spec = webDataset(sizes);
    const template = await prepareTemplate(spec, { rebuild: options.rebuild, scope: "web" });
    const name = "keduo_bench_run_web";
    const url = await cloneDatabase(template.template, name);
    progress("web", `cloned ${template.template} → ${name}`);
    try {
      const server = await startBenchServer({ engine: "postgres", url });
      const browser = await launchBrowser();
      try {
        if (wants(options, "a")) {
          calm.a = await waitForQuietMachine("a", { maxSeconds: options.quick ? 10 : 120, busyBelow: 35 });
          const stop = sampleMachine();
          const a = await loginToFirstRow(browser, server.url, sizes.login);
          load.a = stop();
          progress("a", describeLoad(load.a as ReturnType<typeof stop>));
          results.push({
            phase: "a",
            title: `sign-in → first row (${formatCount(sizes.companies)} rows), cold cache`,
            metric: "p95",
            value: a.stats.p95,
            unit: "ms",
            target: LOGIN_TARGET_MS,
            notes: `p50 ${a.stats.p50.toFixed(0)} ms, n=${a.stats.count}; login page load p50 ${a.pageLoad.p50.toFixed(0)} ms (outside)`,
          });
          details.a = a;
        }
        if (wants(options, "b")) {
          calm.b = await waitForQuietMachine("b", { maxSeconds: options.quick ? 10 : 120, busyBelow: 35 });
          const stop = sampleMachine();
          const b = await navigateBetweenLists(browser, server.url, sizes.nav);
          load.b = stop();
          progress("b", describeLoad(load.b as ReturnType<typeof stop>));
          results.push({
            phase: "b",
            title: "list → other list via the navigation",
            metric: "p95",
            value: b.stats.p95,
            unit: "ms",
            target: NAVIGATION_TARGET_MS,
            notes: `p50 ${b.stats.p50.toFixed(0)} ms, n=${b.stats.count}; uncached list; going back (cached) p50 ${b.revisit.p50.toFixed(0)} ms`,
          });
          details.b = b;
        }
      } finally {
        await browser.close();
        await server.close();
      }
    } finally {
      if (options.keep) progress("web", `kept database ${name}`);
      else await dropDatabase(name);
    }
  }

  if (wants(options, "d")) {
    calm.d = await waitForQuietMachine("d", { maxSeconds: options.quick ? 10 : 120, busyBelow: 35 });
    const stop = sampleMachine();
    const browser = await launchBrowser();
    let designer: Awaited<ReturnType<typeof designerSaves>>;
    try {
      designer = await designerSaves(sizes.designer, browser);
    } finally {
      await browser.close();
    }
    const { runs } = designer;
    load.d = stop();
    progress("d", describeLoad(load.d as ReturnType<typeof stop>));
    for (const run of runs) {
      const steps = Object.entries(run.stepsP50)
        .filter(([, ms]) => ms >= 0.5)
        .map(([step, ms]) => `${step} ${ms.toFixed(0)}`)
        .join(", ");
      results.push({
        phase: "d",
        title: `designer: one field save on PGlite, ${formatCount(run.records)} ${run.object} records`,
        metric: "p50",
        value: run.saves.p50,
        unit: "ms",
        target: FIELD_SAVE_TARGET_MS,
        notes: `p95 ${run.saves.p95.toFixed(0)} ms, max ${run.saves.max.toFixed(0)} ms, n=${run.saves.count}; step p50s (ms): ${steps}`,
      });
    }
    const ui = designer.browser;
    if (ui)
      results.push({
        phase: "d",
        title: `designer in Chromium: 保存 → the new field's row, ${formatCount(sizes.designer.large)} account records`,
        metric: "p50",
        value: ui.stats.p50,
        unit: "ms",
        target: FIELD_SAVE_TARGET_MS,
        notes: `p95 ${ui.stats.p95.toFixed(0)} ms, max ${ui.stats.max.toFixed(0)} ms, n=${ui.stats.count}; warm-up ${ui.warmup.toFixed(0)} ms (outside)`,
      });
    details.d = designer;
  }

  if (results.length === 0) throw new Error("--only matches none of the phases a, b, c, d");
  printTable(
    `Keduo web benchmark${options.quick ? " (--quick: smaller sizes, smoke check only)" : ""}`,
    results,
  );
  const path = writeResults("web", {
    benchmark: "web",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: options.quick, only: options.only ? [...options.only] : null },
    sizes,
    environment: environment({
      postgres: browserPhases.length ? await serverVersion() : null,
      quietBeforePhase: calm,
      load,
    }),
    results: results.map((row) => ({ ...row, pass: passes(row) })),
    details,
  });
  const noisy = Object.entries(calm).filter(([, result]) => result.gaveUp);
  if (noisy.length)
    process.stdout.write(
      `\nphases ${noisy.map(([id]) => id).join(", ")} started on a busy machine (other work on the cores): treat their figures with care\n`,
    );
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
