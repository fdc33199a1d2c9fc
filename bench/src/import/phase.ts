import type { ApiClient } from "../lib/api-client.ts";
import { formatCount, progress } from "../lib/progress.ts";
import type { ResultRow } from "../lib/report.ts";
import { IMPORT_OBJECT, IMPORT_OBJECT_LABELS, importColumns } from "./columns.ts";
import type { ImportFile } from "./files.ts";
import { idleRss, mib, RssSampler } from "./rss.ts";
import { startImportServer } from "./server.ts";

export interface ImportPhase {
  id: string;
  title: string;
  file: ImportFile;
  /** Upload → done, seconds. */
  targetSeconds: number;
  /** Peak − idle RSS, MiB; null: shown for information. */
  rssTargetMiB: number | null;
  keep: boolean;
}

interface ImportView {
  id: string;
  status: string;
  sheets: Array<{ name: string; rows: number }>;
  progress: { rows_total: number | null; rows_done: number | null };
  counts: { created: number; updated: number; skipped: number; failed: number } | null;
  failure: { code: string; message: string } | null;
}

interface Inspection {
  sheet: string;
  header_row: number;
  suggestions: Array<{ column: string; header: string; field: string | null; source: string | null }>;
}

const seconds = (ms: number) => ms / 1000;

async function createObject(api: ApiClient): Promise<void> {
  await api.expect(
    "POST",
    "/api/meta/objects",
    { api_name: IMPORT_OBJECT, labels: IMPORT_OBJECT_LABELS },
    201,
  );
  for (const column of importColumns(false))
    await api.expect("POST", `/api/meta/objects/${IMPORT_OBJECT}/fields`, column.field, 201);
}

/** Polls the import until it leaves `running`, reporting progress every ten seconds. */
async function waitUntilDone(api: ApiClient, id: string, scope: string): Promise<ImportView> {
  let lastReport = performance.now();
  for (;;) {
    const view = await api.expect<ImportView>("GET", `/api/imports/${id}`, undefined, 200);
    if (view.status !== "running") return view;
    if (performance.now() - lastReport > 10_000) {
      const { rows_done: done, rows_total: total } = view.progress;
      progress(scope, `running: ${formatCount(done ?? 0)} / ${formatCount(total ?? 0)} rows`);
      lastReport = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The first rows the run left out, with the reason, to show why the count is short. */
async function firstProblems(api: ApiClient, id: string): Promise<string[]> {
  const report = await api.expect<{
    errors: Array<{ row: number; column: string; value: unknown; message: string }>;
  }>("GET", `/api/imports/${id}/errors?phase=run`, undefined, 200);
  return report.errors
    .slice(0, 10)
    .map((e) => `row ${e.row} ${e.column} ${JSON.stringify(e.value)}: ${e.message}`);
}

/**
 * One import through the HTTP API as the web wizard drives it: upload → inspect (take the suggested mapping)
 * → run → poll until done; then the record count is checked. Returns the table rows and the details.
 */
export async function runImportPhase(phase: ImportPhase): Promise<{ rows: ResultRow[]; details: object }> {
  const { id: scope, file } = phase;
  const server = await startImportServer(scope, Math.max(1_100_000, file.rows + 1));
  try {
    const { api } = server;
    await createObject(api);
    const idle = await idleRss();
    const sampler = new RssSampler();
    sampler.start("upload", 250);
    const t0 = performance.now();
    const uploaded = await server.upload(IMPORT_OBJECT, file);
    if (uploaded.status !== 201)
      throw new Error(`upload answered ${uploaded.status}: ${uploaded.text.slice(0, 500)}`);
    const created = JSON.parse(uploaded.text) as ImportView;
    const tUpload = performance.now();
    sampler.next("inspect");
    progress(scope, `uploaded ${(mib(file.bytes)).toFixed(1)} MiB in ${seconds(tUpload - t0).toFixed(1)} s`);
    const inspection = await api.expect<Inspection>(
      "GET",
      `/api/imports/${created.id}/inspect`,
      undefined,
      200,
    );
    const mapping = inspection.suggestions
      .filter((s) => s.field !== null)
      .map((s) => ({ column: s.column, field: s.field! }));
    if (mapping.length !== importColumns(false).length)
      throw new Error(
        `the suggested mapping covers ${mapping.length} of 15 columns: ${JSON.stringify(inspection.suggestions)}`,
      );
    const tInspect = performance.now();
    sampler.next("run");
    await api.expect(
      "POST",
      `/api/imports/${created.id}/run`,
      { sheet: inspection.sheet, header_row: inspection.header_row, mapping },
      202,
    );
    const done = await waitUntilDone(api, created.id, scope);
    const tDone = performance.now();
    const { peakBytes, samples, stagePeaks, atPeak } = sampler.stop();
    if (done.status !== "completed")
      throw new Error(`import ended ${done.status}: ${JSON.stringify(done.failure)}`);
    const listed = await api.expect<{ total: number }>(
      "GET",
      `/api/records/${IMPORT_OBJECT}?limit=1&count=true`,
      undefined,
      200,
    );
    const counts = done.counts ?? { created: 0, updated: 0, skipped: 0, failed: 0 };
    const problems = counts.failed ? await firstProblems(api, created.id) : [];
    for (const problem of problems) progress(scope, `row problem: ${problem}`);
    const complete = listed.total === file.rows && counts.created === file.rows && counts.failed === 0;
    const totalSeconds = seconds(tDone - t0);
    const rowsPerSecond = file.rows / totalSeconds;
    progress(
      scope,
      `done in ${totalSeconds.toFixed(1)} s (${formatCount(Math.round(rowsPerSecond))} rows/s): ` +
        `created ${formatCount(counts.created)}, failed ${formatCount(counts.failed)}, stored ${formatCount(listed.total)}`,
    );
    const growth = mib(peakBytes - idle);
    const stageGrowth = Object.fromEntries(
      Object.entries(stagePeaks).map(([stage, bytes]) => [stage, Math.round(mib(bytes - idle))]),
    );
    progress(
      scope,
      `RSS idle ${mib(idle).toFixed(0)} MiB, peak ${mib(peakBytes).toFixed(0)} MiB, peak − idle ${growth.toFixed(0)} MiB (${samples} samples); peak − idle by stage ${JSON.stringify(stageGrowth)} MiB`,
    );
    if (atPeak)
      progress(
        scope,
        `at the peak: V8 heap used ${mib(atPeak.heapUsed).toFixed(0)} of ${mib(atPeak.heapTotal).toFixed(0)} MiB, ` +
          `buffers ${mib(atPeak.arrayBuffers).toFixed(0)} MiB, external ${mib(atPeak.external).toFixed(0)} MiB`,
      );
    const title = phase.title;
    const rows: ResultRow[] = [
      {
        phase: scope,
        title,
        metric: "upload → done",
        value: totalSeconds,
        unit: "s",
        target: phase.targetSeconds,
        notes: `${formatCount(Math.round(rowsPerSecond))} rows/s; upload ${seconds(tUpload - t0).toFixed(1)} s, run ${seconds(tDone - tInspect).toFixed(1)} s`,
      },
      {
        phase: scope,
        title,
        metric: "records stored",
        value: listed.total,
        unit: "s",
        target: null,
        notes: "",
        check: {
          ok: complete,
          display: `${formatCount(listed.total)} (created ${formatCount(counts.created)}, failed ${formatCount(counts.failed)})`,
          expected: `= ${formatCount(file.rows)}, 0 failed`,
        },
      },
      {
        phase: scope,
        title,
        metric: "RSS peak − idle",
        value: growth,
        unit: "KB",
        target: null,
        notes: `idle ${mib(idle).toFixed(0)} MiB, peak ${mib(peakBytes).toFixed(0)} MiB, sampled every 250 ms`,
        check: {
          ok: phase.rssTargetMiB === null || growth < phase.rssTargetMiB,
          display: `${growth.toFixed(0)} MiB`,
          expected: phase.rssTargetMiB === null ? "(info)" : `< ${phase.rssTargetMiB} MiB`,
        },
      },
    ];
    const details = {
      file: { name: file.name, rows: file.rows, bytes: file.bytes },
      seconds: {
        upload: seconds(tUpload - t0),
        inspect: seconds(tInspect - tUpload),
        run: seconds(tDone - tInspect),
        total: totalSeconds,
      },
      rowsPerSecond,
      counts,
      stored: listed.total,
      problems,
      rss: {
        idleMiB: mib(idle),
        peakMiB: mib(peakBytes),
        growthMiB: growth,
        samples,
        stageGrowthMiB: stageGrowth,
      },
    };
    return { rows, details };
  } finally {
    await server.close(phase.keep);
  }
}
