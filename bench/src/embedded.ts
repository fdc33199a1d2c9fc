import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { dataDirOnDisk, relationBreakdown } from "./embedded/data-dir.ts";
import { startProcessServer } from "./embedded/process-server.ts";
import { IMPORT_OBJECT, IMPORT_OBJECT_LABELS, importColumns } from "./import/columns.ts";
import { importFile } from "./import/files.ts";
import type { BenchOptions } from "./lib/options.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { summarize } from "./lib/stats.ts";

const SCOPE = "embedded";
const mib = (bytes: number) => bytes / 2 ** 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 19 item 6, what `npm start` gives a newcomer: `keduo start` in its own process on a fresh PGlite data
 * directory, a 100,000-row CSV (15 columns) imported through the HTTP API, then — once the server is idle —
 * its RSS, the list with and without `count=true`, and the data directory: on disk while it runs (all, WAL),
 * and by relation once it stopped (object tables with indexes, audit log, outbox, queue, the rest).
 * Targets: data directory ≤ 3× the object tables; idle RSS ≤ 350 MiB; list with count p95 ≤ 40 ms.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const rows = options.quick ? 10_000 : 100_000;
  const started = new Date();
  const quiet = await waitForOtherBenchmarks(SCOPE, options.quick ? 60 : 300);
  const file = await importFile("csv", rows, options.rebuild);
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-embedded-"));
  const server = await startProcessServer(dataDir, {
    KEDUO_IMPORT_MAX_ROWS: String(rows + 1),
    KEDUO_IMPORT_MAX_BYTES: String(1024 ** 3),
  });
  const results: ResultRow[] = [];
  let details: Record<string, unknown> = {};
  const calm = { "1": await waitForQuietMachine(SCOPE, { maxSeconds: 60, busyBelow: 35 }) };
  const stopLoad = sampleMachine();
  try {
    const { api } = server;
    await api.expect(
      "POST",
      "/api/meta/objects",
      { api_name: IMPORT_OBJECT, labels: IMPORT_OBJECT_LABELS },
      201,
    );
    for (const column of importColumns(false))
      await api.expect("POST", `/api/meta/objects/${IMPORT_OBJECT}/fields`, column.field, 201);
    const rssStart = server.rss();
    progress(
      SCOPE,
      `server pid ${server.pid} up, RSS ${mib(rssStart).toFixed(0)} MiB; importing ${formatCount(rows)} rows`,
    );
    const t0 = performance.now();
    const uploaded = await server.upload(IMPORT_OBJECT, file);
    if (uploaded.status !== 201)
      throw new Error(`upload answered ${uploaded.status}: ${uploaded.text.slice(0, 500)}`);
    const { id } = JSON.parse(uploaded.text) as { id: string };
    const inspection = await api.expect<{
      sheet: string;
      header_row: number;
      suggestions: Array<{ column: string; field: string | null }>;
    }>("GET", `/api/imports/${id}/inspect`, undefined, 200);
    const mapping = inspection.suggestions
      .filter((s) => s.field)
      .map((s) => ({ column: s.column, field: s.field }));
    await api.expect(
      "POST",
      `/api/imports/${id}/run`,
      { sheet: inspection.sheet, header_row: inspection.header_row, mapping },
      202,
    );
    let peak = 0;
    for (;;) {
      peak = Math.max(peak, server.rss());
      const view = await api.expect<{ status: string }>("GET", `/api/imports/${id}`, undefined, 200);
      if (view.status !== "running") {
        if (view.status !== "completed") throw new Error(`import ended ${view.status}`);
        break;
      }
      await pause(500);
    }
    const importSeconds = (performance.now() - t0) / 1000;
    progress(
      SCOPE,
      `imported in ${importSeconds.toFixed(1)} s, peak RSS ${mib(peak).toFixed(0)} MiB; waiting for idle`,
    );
    // Idle: the relay has delivered the import's events and the embedded maintenance has run; then the lowest
    // of a few samples (a collection may be in flight).
    const idleAfter = options.quick ? 15_000 : 45_000;
    await pause(idleAfter);
    let idle = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 6; i++) {
      idle = Math.min(idle, server.rss());
      await pause(500);
    }
    const disk = dataDirOnDisk(dataDir);
    progress(
      SCOPE,
      `idle RSS ${mib(idle).toFixed(0)} MiB; data dir ${mib(disk.totalBytes).toFixed(1)} MiB, WAL ${mib(disk.walBytes).toFixed(1)} MiB`,
    );
    const list = async (count: boolean, n: number) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const response = await api.send(
          "GET",
          `/api/records/${IMPORT_OBJECT}?limit=50${count ? "&count=true" : ""}`,
        );
        if (response.status !== 200)
          throw new Error(`list answered ${response.status}: ${response.text.slice(0, 300)}`);
        samples.push(performance.now() - t);
      }
      return samples;
    };
    await list(false, 10);
    await list(true, 10);
    const plain: number[] = [];
    const counted: number[] = [];
    const n = options.quick ? 40 : 200;
    for (let i = 0; i < n; i += 20) {
      plain.push(...(await list(false, 10)));
      counted.push(...(await list(true, 10)));
    }
    const rssAfterReads = server.rss();
    await server.stop();
    const relations = await relationBreakdown(dataDir, IMPORT_OBJECT);
    const ratio = disk.totalBytes / relations.objects;
    const title = `${formatCount(rows)}-row CSV import on PGlite`;
    const plainStats = summarize(plain);
    const countStats = summarize(counted);
    const breakdown = `objects ${mib(relations.objects).toFixed(1)}, audit ${mib(relations.audit).toFixed(1)}, outbox ${mib(relations.outbox).toFixed(1)}, queue ${mib(relations.jobs).toFixed(1)}, system ${mib(relations.system).toFixed(1)}, catalogs ${mib(relations.catalog).toFixed(1)}, WAL ${mib(disk.walBytes).toFixed(1)} MiB`;
    progress(SCOPE, breakdown);
    progress(
      SCOPE,
      `bytes per row: record ${relations.rowBytes.record.toFixed(0)}, its create's audit row ${relations.rowBytes.auditOfCreate.toFixed(0)} (heap, without indexes); with indexes: objects ${(relations.objects / rows).toFixed(0)}, audit ${(relations.audit / rows).toFixed(0)}, outbox ${(relations.outbox / rows).toFixed(0)}`,
    );
    results.push(
      {
        phase: "1",
        title,
        metric: "import upload → done",
        value: importSeconds,
        unit: "s",
        target: null,
        notes: "",
      },
      {
        phase: "1",
        title,
        metric: "data dir ÷ object tables",
        value: ratio,
        unit: "s",
        target: 3,
        notes: `${mib(disk.totalBytes).toFixed(1)} MiB on disk; ${breakdown}`,
        check: { ok: ratio <= 3, display: `${ratio.toFixed(2)}×`, expected: "≤ 3×" },
      },
      {
        phase: "1",
        title,
        metric: "idle RSS",
        value: mib(idle),
        unit: "KB",
        target: 350,
        notes: `after start ${mib(rssStart).toFixed(0)} MiB, import peak ${mib(peak).toFixed(0)} MiB, after the lists ${mib(rssAfterReads).toFixed(0)} MiB`,
        check: { ok: mib(idle) <= 350, display: `${mib(idle).toFixed(0)} MiB`, expected: "≤ 350 MiB" },
      },
      {
        phase: "1",
        title,
        metric: "list of 50 p95",
        value: plainStats.p95,
        unit: "ms",
        target: null,
        notes: `p50 ${plainStats.p50.toFixed(1)} ms, ${plain.length} calls`,
      },
      {
        phase: "1",
        title,
        metric: "list of 50, count=true p95",
        value: countStats.p95,
        unit: "ms",
        target: 40,
        notes: `p50 ${countStats.p50.toFixed(1)} ms, ${counted.length} calls`,
      },
      {
        phase: "1",
        title,
        metric: "object table analyzed",
        value: relations.reltuples,
        unit: "statements",
        target: null,
        notes: "planner's reltuples for the imported table",
        check: {
          ok: relations.reltuples >= rows * 0.9,
          display: formatCount(Math.round(relations.reltuples)),
          expected: `≈ ${formatCount(rows)}`,
        },
      },
    );
    details = {
      rows,
      importSeconds,
      rss: { start: mib(rssStart), peak: mib(peak), idle: mib(idle), afterReads: mib(rssAfterReads) },
      disk,
      relations,
      list: plainStats,
      listWithCount: countStats,
      loadAverage: loadavg(),
    };
  } finally {
    await server.stop();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else progress(SCOPE, `data directory kept: ${dataDir}`);
  }
  const load = stopLoad();
  progress(SCOPE, describeLoad(load));
  printTable("Keduo embedded default (PGlite, `keduo start`)", results);
  const path = await saveRun({
    name: "embedded",
    started,
    options,
    sizes: { rows },
    quiet,
    calm,
    load: { "1": load },
    results,
    details,
  });
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
