import { randomUUID } from "node:crypto";
import { isKeduoError, isLocale, KeduoError, type Locale, uuidv7 } from "@keduo/core";
import { withBoundedHeap } from "../../runtime/heap.ts";
import { type AccessContext, assertObjectPermission } from "../access/index.ts";
import type { JobQueue } from "../jobs/index.ts";
import { detectHeaderUnit } from "./amount-units.ts";
import { failedRowsXlsx } from "./failed-rows-report.ts";
import { analyzeFile, dataRowsUnder, firstRows, readRows } from "./file-reader.ts";
import { detectHeader, HEADER_SCAN_ROWS, type Header, headersAt } from "./header-detect.ts";
import { bindMapping, columnIndexOf, type ImportDeps, importModel } from "./import-context.ts";
import { issueMessage, isWarning } from "./import-issues.ts";
import type { ImportRun, ImportSettings, ImportStatus } from "./import-run.ts";
import { LeaseLost, runImport, type Worker } from "./import-runner.ts";
import type { ImportStore } from "./import-store.ts";
import { undoImport } from "./import-undo.ts";
import { importView, mappingTargetList } from "./import-view.ts";
import { importableFields, type SuggestedColumn, suggestMapping } from "./mapping-suggest.ts";
import { normalizeHeader } from "./synonyms.ts";
import { cellText, type FileFormat, type SheetRow, sniffFormat } from "./table-source.ts";
import { assertUndoInTime, scheduleUndoRetention, undoDeadline } from "./undo-retention.ts";
import { spoolChunks } from "./upload-spool.ts";
import { addImportOptions, columnValues, type ValuesQuery } from "./value-mapping.ts";

export const IMPORT_QUEUE = "keduo-import";
const LEASE_MS = 30_000;
const RECOVER_EVERY_MS = 60_000;
const SAMPLE_ROWS = 5;

export interface Inspection {
  sheet: string;
  header_row: number;
  headers: Header[];
  suggestions: SuggestedColumn[];
  samples: Array<{ row: number; cells: string[] }>;
  fields: Array<{ api_name: string; type: string; labels: Record<string, string>; required: boolean }>;
}

/** Upload → inspect → dry run → run → undo; the work itself runs as jobs on the queue. */
export class ImportService {
  private readonly deps: ImportDeps;
  private readonly queue: JobQueue;
  /** This process's worker identity, for leases. */
  private readonly owner = randomUUID();
  private readonly active = new Set<string>();
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(deps: ImportDeps, queue: JobQueue) {
    this.deps = deps;
    this.queue = queue;
    queue.register(IMPORT_QUEUE, (data) => this.work(String(data.importId)));
    scheduleUndoRetention(queue, deps);
  }

  /** Resumes runs a stopped or crashed server left behind, now and every minute (other instances may die). */
  async start(): Promise<void> {
    await this.recover();
    this.timer = setInterval(() => void this.recover().catch(() => {}), RECOVER_EVERY_MS);
    this.timer.unref();
  }

  /** Stops recovering and makes running imports end after their current batch (the queue is stopped after). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
  }

  private async recover() {
    if (this.stopping) return;
    const orphans = await this.deps.store.orphaned(this.deps.database.db);
    for (const importId of orphans) await this.queue.send(IMPORT_QUEUE, { importId });
  }

  /**
   * Stores the upload as it arrives (chunk rows, never the whole file in memory), sniffing the first chunk
   * before anything is written, then checks and counts it from storage — all in one transaction, so a
   * refused or broken file leaves nothing behind.
   */
  async upload(
    object: string,
    fileName: string,
    body: AsyncIterable<Buffer | Uint8Array>,
    access: AccessContext,
    locale: Locale,
  ) {
    importModel(access, object);
    assertObjectPermission(access, object, "create");
    const { store, database, limits, clock } = this.deps;
    const id = uuidv7();
    const bounded = <T>(work: () => Promise<T>) => withBoundedHeap(this.deps.config.heapGrowingPercent, work);
    await bounded(() =>
      database.db.transaction().execute(async (trx) => {
        let head: Buffer | null = null;
        let format: FileFormat = "csv";
        const size = await spoolChunks(body, limits.maxBytes, async (seq, chunk) => {
          if (seq === 0) {
            head = chunk;
            format = sniffFormat(chunk);
            const run = { id, object, file_name: fileName, format, locale, created_by: access.userId! };
            await store.create(trx, { ...run, now: clock.now() });
          }
          await store.addChunk(trx, id, seq, chunk);
        });
        if (head === null) sniffFormat(Buffer.alloc(0)); // refuses the empty file
        const facts = await analyzeFile(() => store.open(trx, id), head!, format, limits);
        await store.setFacts(trx, id, size, facts);
      }),
    );
    return this.view((await store.get(database.db, id))!);
  }

  /** A run the caller may see: their own, or any for someone who may change all data. */
  async find(id: string, access: AccessContext): Promise<ImportRun> {
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await this.deps.store.get(this.deps.database.db, id) : null;
    if (!run || (run.created_by !== access.userId && !access.permissions.system.modify_all_data))
      throw new KeduoError("IMPORT_NOT_FOUND", { params: { id } });
    return run;
  }

  async inspect(id: string, sheetName: string | undefined, access: AccessContext): Promise<Inspection> {
    const run = await this.find(id, access);
    const sheet = sheetName ?? run.settings?.sheet ?? run.facts.sheets[0]!.name;
    const facts = run.facts.sheets.find((s) => s.name === sheet);
    if (!facts) throw new KeduoError("IMPORT_SHEET_NOT_FOUND", { params: { sheet } });
    const open = () => this.deps.store.open(this.deps.database.db, id);
    const top = await firstRows(open, run.facts, sheet, HEADER_SCAN_ROWS + SAMPLE_ROWS);
    const detected = detectHeader(top, facts.merges);
    if (!detected) throw new KeduoError("IMPORT_NO_DATA");
    const model = importModel(access, run.object);
    const fields = importableFields(model);
    const remembered = await this.deps.store.rememberedMapping(this.deps.database.db, run.object);
    return {
      sheet,
      header_row: detected.headerRow,
      headers: detected.headers,
      suggestions: suggestMapping(detected.headers, fields, model.object.displayField, remembered),
      samples: top
        .filter((r) => r.number > detected.headerRow)
        .slice(0, SAMPLE_ROWS)
        .map((r) => ({
          row: r.number,
          cells: detected.headers.map((h) => cellText(r.cells[h.index] ?? null)),
        })),
      fields: mappingTargetList(fields),
    };
  }

  /**
   * Checks the settings and completes them from the header row: each mapped column's header text (the
   * problem report names it) and, for a number or money column without a unit of the user's, the unit its
   * header announces — so 216.7 under 年采购额(万元) is 2,167,000 unless the user said otherwise.
   */
  private async completeSettings(
    run: ImportRun,
    settings: ImportSettings,
    access: AccessContext,
  ): Promise<ImportSettings> {
    if (!run.facts.sheets.some((s) => s.name === settings.sheet))
      throw new KeduoError("IMPORT_SHEET_NOT_FOUND", { params: { sheet: settings.sheet } });
    const model = importModel(access, run.object);
    const columns = bindMapping(model, access, settings.mapping, settings.matchFields);
    if (settings.duplicates === "update") assertObjectPermission(access, run.object, "edit");
    const header = await this.headerRow(run, settings.sheet, settings.headerRow);
    const headers: Record<string, string> = {};
    for (const m of settings.mapping) headers[m.column] = header[columnIndexOf(m.column)]?.name ?? "";
    const mapping = settings.mapping.map((m) => {
      const column = columns.find((c) => c.letter === m.column);
      const isAmount = column && !column.part && ["number", "currency"].includes(column.field.type);
      const unit = m.unit ?? (isAmount ? detectHeaderUnit(headers[m.column]!)?.unit : undefined);
      return unit ? { ...m, unit } : m;
    });
    return { ...settings, mapping, headers };
  }

  /** The headers of a sheet's chosen header row, merged cells filled (only the first rows are read). */
  private async headerRow(run: ImportRun, sheet: string, headerRow: number): Promise<Header[]> {
    const open = () => this.deps.store.open(this.deps.database.db, run.id);
    const top = await firstRows(open, run.facts, sheet, HEADER_SCAN_ROWS + 1);
    const merges = run.facts.sheets.find((s) => s.name === sheet)?.merges ?? [];
    return headersAt(top, merges, headerRow);
  }

  private async begin(
    id: string,
    settings: ImportSettings,
    access: AccessContext,
    phase: "validating" | "running",
    allowed: ImportStatus[],
  ) {
    const run = await this.find(id, access);
    settings = await this.completeSettings(run, settings, access);
    const sheet = run.facts.sheets.find((s) => s.name === settings.sheet)!;
    await this.deps.database.db.transaction().execute(async (trx) => {
      const current = await this.deps.store.get(trx, id, { lock: true });
      if (!current || !allowed.includes(current.status))
        throw new KeduoError("IMPORT_WRONG_STATE", {
          params: { status: current?.status ?? "-", action: phase },
        });
      const rowsTotal = dataRowsUnder(sheet, settings.headerRow);
      await this.deps.store.startPhase(trx, id, phase, settings, rowsTotal, this.deps.clock.now());
      await this.queue.send(IMPORT_QUEUE, { importId: id }, { trx });
    });
    return this.view((await this.deps.store.get(this.deps.database.db, id))!);
  }

  dryRun(id: string, settings: ImportSettings, access: AccessContext) {
    return this.begin(id, settings, access, "validating", ["uploaded", "validated"]);
  }

  async run(id: string, settings: ImportSettings, access: AccessContext) {
    const { headers } = await this.inspect(id, settings.sheet, access);
    const view = await this.begin(id, settings, access, "running", ["uploaded", "validated"]);
    const run = await this.find(id, access);
    // Remember the choice per object by header text, so the next file with these headers maps itself.
    const remembered = await this.deps.store.rememberedMapping(this.deps.database.db, run.object);
    settings.mapping.forEach((m) => {
      const header = headers[columnIndexOf(m.column)]?.name;
      if (header) remembered[normalizeHeader(header)] = m.field;
    });
    await this.deps.store.rememberMapping(
      this.deps.database.db,
      run.object,
      remembered,
      access.userId!,
      this.deps.clock.now(),
    );
    return view;
  }

  async undo(id: string, access: AccessContext) {
    await this.find(id, access);
    await this.deps.database.db.transaction().execute(async (trx) => {
      const current = await this.deps.store.get(trx, id, { lock: true });
      if (current?.status !== "completed")
        throw new KeduoError("IMPORT_WRONG_STATE", {
          params: { status: current?.status ?? "-", action: "undo" },
        });
      assertUndoInTime(current, this.deps);
      await this.deps.store.setStatus(trx, id, "undoing", this.deps.clock.now());
      await this.deps.store.startUndoProgress(trx, id);
      await this.queue.send(IMPORT_QUEUE, { importId: id }, { trx });
    });
    return this.view((await this.deps.store.get(this.deps.database.db, id))!);
  }

  /** The job: claims the run (one worker at a time), then validates, imports or undoes it. */
  private async work(id: string): Promise<void> {
    if (this.active.has(id) || this.stopping) return;
    const { store, database } = this.deps;
    if (!(await store.claim(database.db, id, this.owner, LEASE_MS))) return;
    this.active.add(id);
    const worker: Worker = { owner: this.owner, leaseMs: LEASE_MS, shouldStop: () => this.stopping };
    await withBoundedHeap(this.deps.config.heapGrowingPercent, () => this.workOn(id, worker));
  }

  private async workOn(id: string, worker: Worker): Promise<void> {
    const { store, database, clock } = this.deps;
    try {
      const run = (await store.get(database.db, id))!;
      if (run.status === "undoing") {
        if (await undoImport(this.deps, run, worker)) {
          await store.setStatus(database.db, id, run.failure ? "failed" : "undone", clock.now(), {
            finished: true,
          });
          await store.dropCleanFile(database.db, id);
        }
      } else if (await runImport(this.deps, run, run.status === "validating", worker)) {
        await store.setStatus(
          database.db,
          id,
          run.status === "validating" ? "validated" : "completed",
          clock.now(),
          {
            finished: run.status !== "validating",
          },
        );
        if (run.status !== "validating") await store.dropCleanFile(database.db, id);
      }
    } catch (error) {
      if (!(error instanceof LeaseLost)) await this.fail(id, error);
    } finally {
      this.active.delete(id);
      await store.release(database.db, id, this.owner).catch(() => {});
    }
  }

  /**
   * A run that fails as a whole (not row by row) takes back what its committed batches wrote: it is undone
   * from its log and ends as failed, so nothing is left half-imported. A failed dry run just ends.
   */
  private async fail(id: string, error: unknown) {
    const { store, database, clock } = this.deps;
    const failure = {
      code: isKeduoError(error) ? error.code : "INTERNAL",
      message: error instanceof Error ? error.message.slice(0, 500) : String(error),
    };
    const run = await store.get(database.db, id);
    if (!run) return;
    if (run.status === "running") {
      await store.setStatus(database.db, id, "undoing", clock.now(), { failure });
      await store.startUndoProgress(database.db, id);
      await this.queue.send(IMPORT_QUEUE, { importId: id });
    } else {
      await store.setStatus(
        database.db,
        id,
        run.status === "validating" ? "uploaded" : "failed",
        clock.now(),
        {
          failure,
          finished: true,
        },
      );
    }
  }

  /** The value mapping step: a column's distinct texts with counts and what the rules match them to. */
  async values(id: string, query: ValuesQuery, access: AccessContext) {
    return columnValues(this.deps, await this.find(id, access), query, access);
  }

  /** "Add as a new option" (admins): the labels become options of the select field. */
  async addOptions(id: string, field: string, labels: string[], access: AccessContext) {
    const run = await this.find(id, access);
    if (!this.deps.addOptions) throw new KeduoError("FORBIDDEN");
    return addImportOptions(this.deps.addOptions, run, field, labels, access);
  }

  issues(id: string, phase: "dry_run" | "run", page: Parameters<ImportStore["issues"]>[3]) {
    return this.deps.store.issues(this.deps.database.db, id, phase, page);
  }

  /**
   * Problems by column and reason: how many and on how many rows, the column's header and field (so the
   * wizard can send the user to its mapping or value mapping), the first values and one message.
   */
  async problemGroups(run: ImportRun, phase: "dry_run" | "run", locale: Locale) {
    const groups = await this.deps.store.issueGroups(this.deps.database.db, run.id, phase);
    return groups.map((g) => ({
      column: g.column_name,
      header: g.column_name ? (run.settings?.headers?.[g.column_name] ?? null) : null,
      field: run.settings?.mapping.find((m) => m.column === g.column_name)?.field ?? null,
      code: g.code,
      level: isWarning(g.code) ? "warning" : "error",
      count: g.count,
      rows: g.rows,
      values: g.samples,
      message: issueMessage(g.code, g.params ?? {}, locale),
    }));
  }

  /** The rows that failed, as written, with a reason column: an .xlsx stream (failed-rows-report.ts). */
  async failedRows(run: ImportRun, phase: "dry_run" | "run", locale: Locale) {
    const settings = run.settings;
    if (!settings)
      throw new KeduoError("IMPORT_WRONG_STATE", { params: { status: run.status, action: "report" } });
    const { store, database } = this.deps;
    // Without its file (dropped at the end: no row had a problem) the report is its header row alone.
    const stored = await store.hasFile(database.db, run.id);
    return failedRowsXlsx(
      {
        rows: stored
          ? readRows(() => store.open(database.db, run.id), run.facts, settings.sheet)
          : headerOnly(settings.headerRow),
        headerRow: settings.headerRow,
        headerNames: stored
          ? (await this.headerRow(run, settings.sheet, settings.headerRow)).map((h) => h.name)
          : mappedHeaderNames(settings.headers ?? {}),
        format: run.facts.format,
        headers: settings.headers ?? {},
        acceptWarnings: phase === "run" && (settings.acceptWarnings ?? false),
        issuesAfter: (row, limit) => store.issuesByRow(database.db, run.id, phase, row, limit),
      },
      locale,
    );
  }

  view(run: ImportRun, locale: Locale = isLocale(run.locale) ? run.locale : "zh-CN") {
    return importView(run, locale, undoDeadline(run, this.deps.limits.undoDays));
  }
}

async function* headerOnly(headerRow: number): AsyncGenerator<SheetRow> {
  yield { number: headerRow, cells: [] };
}

/** The mapped columns' header texts at their columns' places (the others empty). */
function mappedHeaderNames(headers: Record<string, string>): string[] {
  const names: string[] = [];
  for (const [letter, name] of Object.entries(headers)) names[columnIndexOf(letter)] = name;
  return Array.from(names, (name) => name ?? "");
}
