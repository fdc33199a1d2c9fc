import { isLocale, KeduoError } from "@keduo/core";
import type { Trx } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import { addTally } from "./amount-units.ts";
import { type BatchResult, type SeenRecord, writeBatch } from "./batch-writer.ts";
import { readRows } from "./file-reader.ts";
import { bindMapping, type ImportDeps, importActor, importerAccess, importModel } from "./import-context.ts";
import { isWarning } from "./import-issues.ts";
import type { Counts, ImportRun, ImportSettings } from "./import-run.ts";
import { readAhead } from "./read-ahead.ts";
import { convertRows, type RowInput } from "./row-converter.ts";
import type { SheetRow } from "./table-source.ts";

/** Thrown inside a dry-run batch's transaction to roll it back after its results were taken. */
class DryRunRollback extends Error {
  readonly result: BatchResult;
  constructor(result: BatchResult) {
    super("dry run");
    this.result = result;
  }
}

export interface Worker {
  owner: string;
  leaseMs: number;
  shouldStop(): boolean;
}

const keyOf = (value: unknown) =>
  value === null || value === undefined || value === "" ? null : JSON.stringify(value).trim().toLowerCase();

function matchKeyFn(settings: ImportSettings) {
  return (values: Record<string, unknown>): string | null => {
    if (settings.matchFields.length === 0) return null;
    const parts = settings.matchFields.map((f) => keyOf(values[f]));
    return parts.some((p) => p === null) ? null : parts.join("\u0000");
  };
}

/** Existing records per match key, read through the access layer (only what the importer can see). */
async function lookupExisting(
  deps: ImportDeps,
  access: AccessContext,
  run: ImportRun,
  inputs: RowInput[],
  fields: string[],
) {
  const settings = run.settings!;
  const existing = new Map<string, Record<string, unknown>[]>();
  if (settings.duplicates === "create" || settings.matchFields.length === 0 || inputs.length === 0)
    return existing;
  const key = matchKeyFn(settings);
  const filter = {
    and: settings.matchFields.map((f) => ({
      [f]: { in: [...new Set(inputs.map((i) => i.values[f]).filter((v) => v !== undefined))] },
    })),
  };
  let cursor: string | undefined;
  do {
    const page = await deps.records.reads.list(
      run.object,
      { filter, fields, limit: 1000, ...(cursor ? { cursor } : {}) },
      access,
    );
    for (const record of page.records) {
      const k = key(record);
      if (k !== null) existing.set(k, [...(existing.get(k) ?? []), record]);
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return existing;
}

/**
 * Runs a dry run or the real import over the whole sheet in batches. Each real batch commits its records,
 * its undo log, its row problems and the checkpoint (rows done, last sheet row) in one transaction, so a
 * restarted worker resumes after the last committed batch. A dry-run batch goes through the same pipeline
 * and is rolled back. Returns false when asked to stop between batches.
 */
export async function runImport(
  deps: ImportDeps,
  run: ImportRun,
  dry: boolean,
  worker: Worker,
): Promise<boolean> {
  const settings = run.settings;
  if (!settings)
    throw new KeduoError("IMPORT_WRONG_STATE", { params: { status: run.status, action: "run" } });
  const access = await importerAccess(deps, run.created_by);
  const model = importModel(access, run.object);
  const columns = bindMapping(model, access, settings.mapping, settings.matchFields);
  const fieldColumn = new Map(columns.map((c) => [c.field.apiName, c.letter]));
  const matchKey = matchKeyFn(settings);
  const open = () => deps.store.open(deps.database.db, run.id);
  const seen = new Map<string, SeenRecord>();
  const counts: Counts = { ...run.counts };
  let rowsDone = run.rows_done;
  let batchNumber = 0;
  const locale = isLocale(run.locale) ? run.locale : deps.config.locale;

  const convert = (rows: SheetRow[]) =>
    convertRows(rows, columns, {
      database: deps.database,
      records: deps.records,
      access,
      timeZone: deps.config.timeZone,
      locale,
      format: run.facts.format,
      acceptWarnings: settings.acceptWarnings ?? false,
    });
  const process = async ({ rows, converted }: ConvertedBatch) => {
    // Looked up after the previous batch committed, so a record it created is found here.
    const existing = await lookupExisting(deps, access, run, converted.inputs, [
      ...new Set([...columns.map((c) => c.field.apiName), ...settings.matchFields]),
    ]);
    batchNumber++;
    const batch = (trx: Trx) =>
      writeBatch(
        {
          trx,
          records: deps.records,
          actor: importActor(access, { id: run.id }),
          object: run.object,
          policy: settings.duplicates,
          matchKey: (input) => matchKey(input.values),
          existing,
          seen,
          batch: batchNumber,
          dry,
          columnOf: (field) => fieldColumn.get(field) ?? null,
        },
        converted.inputs,
      );
    const progress = (result: BatchResult) => {
      counts.created += result.created;
      counts.updated += result.updated;
      counts.skipped += result.skipped;
      const stopping = [...converted.issues, ...result.issues].filter(
        (i) => !isWarning(i.code) || !settings.acceptWarnings,
      );
      counts.failed += new Set(stopping.map((i) => i.row)).size;
      counts.warned = (counts.warned ?? 0) + converted.warned;
      const units = { ...counts.units };
      for (const [letter, tally] of converted.tallies) {
        units[letter] = { plain: 0, own: {}, ...units[letter] };
        addTally(units[letter], tally);
      }
      counts.units = units;
      rowsDone += rows.length;
      return { rowsDone, checkpointRow: rows[rows.length - 1]!.number, counts, dry };
    };
    const commit = async (trx: Trx, result: BatchResult) => {
      await deps.store.addIssues(trx, run.id, dry ? "dry_run" : "run", [
        ...converted.issues,
        ...result.issues,
      ]);
      await deps.store.checkpoint(
        trx,
        run.id,
        progress(result),
        worker.owner,
        worker.leaseMs,
        deps.clock.now(),
      );
    };
    await deps.database.db
      .transaction()
      .execute(async (trx) => {
        // The lease is checked under the run's row lock: a worker that lost it commits nothing.
        const current = await deps.store.get(trx, run.id, { lock: true });
        if (current?.status !== run.status || current.lease_owner !== worker.owner) throw new LeaseLost();
        const result = await batch(trx);
        if (dry) throw new DryRunRollback(result);
        await deps.store.logChanges(trx, run.id, result.changes);
        await commit(trx, result);
      })
      .catch(async (error) => {
        if (!(error instanceof DryRunRollback)) throw error;
        await deps.database.db.transaction().execute((trx) => commit(trx, error.result));
      });
  };

  async function* batches(): AsyncGenerator<ConvertedBatch> {
    let pending: SheetRow[] = [];
    for await (const row of readRows(open, run.facts, settings!.sheet)) {
      if (row.number <= settings!.headerRow || row.number <= run.checkpoint_row) continue;
      pending.push(row);
      if (pending.length >= deps.limits.batchSize) {
        yield { rows: pending, converted: await convert(pending) };
        pending = [];
      }
    }
    if (pending.length) yield { rows: pending, converted: await convert(pending) };
  }

  // The next batch is read and converted (CPU here, lookups of related records) while this one is written
  // (the database's work): the two overlap instead of taking turns.
  for await (const batch of readAhead(batches())) {
    await process(batch);
    // A real run's later batches find this one's records in the database (looked up after its commit).
    if (!dry) seen.clear();
    if (worker.shouldStop()) return false;
  }
  return true;
}

interface ConvertedBatch {
  rows: SheetRow[];
  converted: Awaited<ReturnType<typeof convertRows>>;
}

export class LeaseLost extends Error {
  constructor() {
    super("the import's lease was lost");
  }
}
