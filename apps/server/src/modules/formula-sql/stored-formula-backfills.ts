import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { fillStoredBatch, rowsLeftToFill } from "./stored-formula-fill.ts";
import { isStoredFormula } from "./stored-formula-paths.ts";
import { createStoredIndex } from "./stored-formula-sql.ts";
import type { FormulaFieldFills, FormulaMetadataChange } from "./upstream-shapes.ts";

/**
 * The metadata service as the backfill uses it: the snapshot under the shared metadata lock (like a record
 * write), the fill state, and a metadata change to end a fill. Declared structurally so the lead can move
 * the runner onto the server's job queue without touching the metadata module.
 */
export interface BackfillMetadata {
  forWrite(trx: Trx): Promise<MetadataSnapshot>;
  readonly fills: FormulaFieldFills;
  changeVersioned<T>(
    description: string,
    actorId: string | null,
    work: (change: FormulaMetadataChange) => Promise<T>,
  ): Promise<T>;
}

export interface StoredFormulaBackfills {
  /** Fills the field's column in the background, unless that is already under way (ADR 0019). */
  startBackfill(objectId: string, fieldId: string): void;
  /** Starts every fill a stopped server left unfinished. */
  resume(): Promise<void>;
  /** Resolves once no fill is running in this process (tests; shutdown). */
  idle(): Promise<void>;
  /** Finishes the current batches and starts no more. */
  stop(): Promise<void>;
  /** One step of a field's fill, in the caller's time (tests drive fills with it in manual mode). */
  step(fieldId: string): Promise<"more" | "done">;
}

type Step = "more" | "done";

function fieldById(snapshot: MetadataSnapshot, fieldId: string): FieldDefinition | undefined {
  for (const object of snapshot.objects.values()) {
    const field = object.fields.find((f) => f.id === fieldId);
    if (field) return field;
  }
  return undefined;
}

const name = (field: FieldDefinition) => `${field.objectApiName}.${field.apiName}`;

/**
 * Backfills of stored formula columns, run in this process: one loop per filling field, each batch its own
 * short transaction under the shared metadata lock (a metadata change waits for one batch at most, record
 * writes not at all), the cursor committed with the batch. Several instances may run the same fill: the
 * batches take turns on the fill's row lock and continue from its cursor. A failing batch is retried with
 * a growing pause. `manual` runs nothing by itself: tests call `step` to see a field while it fills.
 */
export function createStoredFormulaBackfills(deps: {
  database: Database;
  metadata: BackfillMetadata;
  batchSize: number;
  manual?: boolean;
  log?: (message: string, error?: unknown) => void;
}): StoredFormulaBackfills {
  const { database, metadata, batchSize } = deps;
  const runs = new Map<string, { again: boolean; done: Promise<void> }>();
  let stopped = false;
  // Resolved by stop(): a loop pausing after a failure wakes up instead of holding the shutdown.
  let stopping!: () => void;
  const stoppedSignal = new Promise<void>((resolve) => {
    stopping = resolve;
  });
  const pause = (ms: number) =>
    Promise.race([new Promise((resolve) => setTimeout(resolve, ms).unref()), stoppedSignal]);

  /** Indexes a filled column before the change that ends the fill, so that change holds the lock only briefly. */
  async function buildIndex(fieldId: string): Promise<void> {
    await database.db.transaction().execute(async (trx) => {
      const snapshot = await metadata.forWrite(trx);
      const field = fieldById(snapshot, fieldId);
      if (field?.indexed && field.filling && (await metadata.fills.lock(trx, fieldId)))
        await createStoredIndex(database.schemas, field).execute(trx);
    });
  }

  /** Ends the fill when no row is left after its cursor; false when a change restarted it meanwhile. */
  function finish(field: FieldDefinition): Promise<boolean> {
    return metadata.changeVersioned(`filled stored formula ${name(field)}`, null, async (change) => {
      const current = fieldById(change.snapshot, field.id);
      const fill = await metadata.fills.lock(change.trx, field.id);
      if (!current || !fill) return true;
      if (await rowsLeftToFill(change.trx, database.schemas, current, fill.cursor)) return false;
      // Built just before; recorded here so the schema-change log replays it.
      if (current.indexed) await change.run([createStoredIndex(database.schemas, current)]);
      await change.setFilling(current.id, false);
      return true;
    });
  }

  async function step(fieldId: string): Promise<Step> {
    const outcome = await database.db.transaction().execute(async (trx) => {
      const snapshot = await metadata.forWrite(trx);
      const field = fieldById(snapshot, fieldId);
      const fill = await metadata.fills.lock(trx, fieldId);
      // No longer filling (filled elsewhere, unstored, deleted): nothing to do.
      if (!field || !fill || !isStoredFormula(snapshot, field)) return { step: "done" as const };
      const last = await fillStoredBatch(trx, snapshot, database.schemas, field, fill.cursor, batchSize);
      if (last === null) return { step: "filled" as const, field };
      await metadata.fills.advance(trx, fieldId, last);
      return { step: "more" as const };
    });
    if (outcome.step !== "filled") return outcome.step;
    if (outcome.field.indexed) await buildIndex(fieldId);
    return (await finish(outcome.field)) ? "done" : "more";
  }

  async function loop(fieldId: string, run: { again: boolean }): Promise<void> {
    let failures = 0;
    for (;;) {
      run.again = false;
      let result: Step = "more";
      try {
        result = stopped ? "done" : await step(fieldId);
        failures = 0;
      } catch (error) {
        failures++;
        deps.log?.(`stored formula backfill of field ${fieldId} failed (attempt ${failures})`, error);
        await pause(Math.min(60_000, 500 * 2 ** failures));
      }
      // Checked and cleared synchronously: a start that arrives later finds no run and begins a new one.
      if (stopped || (result === "done" && !run.again)) {
        runs.delete(fieldId);
        return;
      }
    }
  }

  return {
    startBackfill(_objectId, fieldId) {
      if (deps.manual || stopped) return;
      const running = runs.get(fieldId);
      if (running) {
        // A change restarted the fill (its cursor is back at the start): the running loop goes on.
        running.again = true;
        return;
      }
      const run = { again: false, done: Promise.resolve() };
      runs.set(fieldId, run);
      run.done = loop(fieldId, run);
    },
    async resume() {
      for (const fill of await metadata.fills.pending()) this.startBackfill(fill.objectId, fill.fieldId);
    },
    async idle() {
      while (runs.size) await Promise.all([...runs.values()].map((run) => run.done));
    },
    async stop() {
      stopped = true;
      stopping();
      await this.idle();
    },
    step,
  };
}
