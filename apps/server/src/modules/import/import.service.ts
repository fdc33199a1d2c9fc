import { randomUUID } from "node:crypto";
import { isKeduoError, KeduoError, type Locale, uuidv7 } from "@keduo/core";
import type { JobQueue } from "../../db/queue.ts";
import { withBoundedHeap } from "../../runtime/heap.ts";
import { type AccessContext, assertObjectPermission } from "../access/index.ts";
import { analyzeFile, firstRows } from "./file-reader.ts";
import { detectHeader, HEADER_SCAN_ROWS, type Header } from "./header-detect.ts";
import { bindMapping, type ImportDeps, importModel } from "./import-context.ts";
import { LeaseLost, runImport, type Worker } from "./import-runner.ts";
import type { ImportRun, ImportSettings, ImportStatus } from "./import-store.ts";
import { undoImport } from "./import-undo.ts";
import { CURRENCY_PART, importableFields, type SuggestedColumn, suggestMapping } from "./mapping-suggest.ts";
import { normalizeHeader } from "./synonyms.ts";
import { cellText, type FileFormat, sniffFormat } from "./table-source.ts";
import { spoolChunks } from "./upload-spool.ts";

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
  }

  /** Resumes runs a stopped or crashed server left behind, now and every minute (other instances may die). */
  async start(): Promise<void> {
    await this.recover();
    this.timer = setInterval(() => void this.recover().catch(() => {}), RECOVER_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.queue.stop();
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
      fields: [
        ...fields.map((f) => ({ api_name: f.apiName, type: f.type, labels: f.labels, required: f.required })),
        // the currency code column of each money field, as the export names it
        ...fields
          .filter((f) => f.type === "currency")
          .map((f) => ({
            api_name: `${f.apiName}${CURRENCY_PART}`,
            type: "currency_code",
            labels: { "zh-CN": `${f.labels["zh-CN"]}（币种）`, en: `${f.labels.en} (currency)` },
            required: false,
          })),
      ],
    };
  }

  private checkSettings(run: ImportRun, settings: ImportSettings, access: AccessContext) {
    if (!run.facts.sheets.some((s) => s.name === settings.sheet))
      throw new KeduoError("IMPORT_SHEET_NOT_FOUND", { params: { sheet: settings.sheet } });
    bindMapping(importModel(access, run.object), access, settings.mapping, settings.matchFields);
    if (settings.duplicates === "update") assertObjectPermission(access, run.object, "edit");
  }

  private async begin(
    id: string,
    settings: ImportSettings,
    access: AccessContext,
    phase: "validating" | "running",
    allowed: ImportStatus[],
  ) {
    const run = await this.find(id, access);
    this.checkSettings(run, settings, access);
    const rows = run.facts.sheets.find((s) => s.name === settings.sheet)!.rows;
    await this.queue.ensureStarted();
    await this.deps.database.db.transaction().execute(async (trx) => {
      const current = await this.deps.store.get(trx, id, { lock: true });
      if (!current || !allowed.includes(current.status))
        throw new KeduoError("IMPORT_WRONG_STATE", {
          params: { status: current?.status ?? "-", action: phase },
        });
      const headerRows = Math.max(0, settings.headerRow - 1);
      await this.deps.store.startPhase(
        trx,
        id,
        phase,
        settings,
        Math.max(0, rows - headerRows),
        this.deps.clock.now(),
      );
      await this.queue.send(IMPORT_QUEUE, { importId: id }, trx);
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
      const header = headers[indexOf(m.column)]?.name;
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
    await this.queue.ensureStarted();
    await this.deps.database.db.transaction().execute(async (trx) => {
      const current = await this.deps.store.get(trx, id, { lock: true });
      if (current?.status !== "completed")
        throw new KeduoError("IMPORT_WRONG_STATE", {
          params: { status: current?.status ?? "-", action: "undo" },
        });
      await this.deps.store.setStatus(trx, id, "undoing", this.deps.clock.now());
      await this.queue.send(IMPORT_QUEUE, { importId: id }, trx);
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

  issues(id: string, phase: "dry_run" | "run", limit: number) {
    return this.deps.store.issues(this.deps.database.db, id, phase, limit);
  }

  view(run: ImportRun) {
    return {
      id: run.id,
      object: run.object,
      file_name: run.file_name,
      format: run.format,
      size: run.size,
      encoding: run.facts.encoding,
      sheets: run.facts.sheets.map((s) => ({ name: s.name, rows: s.rows })),
      status: run.status,
      settings: run.settings
        ? {
            sheet: run.settings.sheet,
            header_row: run.settings.headerRow,
            mapping: run.settings.mapping,
            duplicates: run.settings.duplicates,
            match_fields: run.settings.matchFields,
          }
        : null,
      progress: { rows_total: run.rows_total, rows_done: run.rows_done },
      counts: run.counts,
      dry_run: run.dry_counts,
      failure: run.failure,
      created_at: run.created_at.toISOString(),
      finished_at: run.finished_at?.toISOString() ?? null,
    };
  }
}

function indexOf(letter: string): number {
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
