import { type Clock, type FieldIssue, KeduoError, uuidv7, zonedDate } from "@keduo/core";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import { type AccessContext, type AccessService, restrictModel } from "../access/index.ts";
import { type MetadataService, modelOrThrow, type ObjectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { InFlightStatements, settle } from "./in-flight.ts";
import { takeOwner } from "./owner-input.ts";
import { mapConstraintError } from "./pg-errors.ts";
import { decodeInput, type Row } from "./record-codec.ts";
import { insertRecords } from "./record-insert.ts";
import { changesNothing, type DeletedRows, lockRows, replaceManyToMany, updateRow } from "./record-rows.ts";
import type {
  WriteContext,
  WriteOperation,
  WriteOrigin,
  WritePipeline,
  WriteStage,
} from "./write-pipeline.ts";
import { encodeWritten } from "./write-response.ts";

export const MAX_BULK = 1000;

export interface UpdateOptions {
  bulk: boolean;
  /** `"write"`: a record sent back with the values it holds gets a new version anyway. */
  unchanged?: "skip" | "write";
}

export interface UpdateInput {
  id: string;
  /** The version the client edited (If-Match); absent means "last write wins". */
  version?: number;
  values: unknown;
}

/**
 * What a caller makes of the written records — the bulk routes: their JSON answer's bytes. It runs while
 * PostgreSQL finishes the write, not after the commit (ADR 0039, session-12 amendment).
 */
export type Presenter<T> = (records: Row[]) => T;

/** Who writes: their access context (built per request) and where the request came from. */
export interface Actor {
  access: AccessContext;
  origin: WriteOrigin;
}

function throwIfIssues(issues: FieldIssue[]) {
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

function checkBulkSize(count: number) {
  if (count > MAX_BULK) throw new KeduoError("BULK_TOO_LARGE", { params: { max: MAX_BULK, count } });
}

/** Creates, changes, deletes and restores records: one transaction per call, all records or none. */
export class RecordWrites {
  private readonly deps: {
    database: Database;
    clock: Clock;
    config: ServerConfig;
    metadata: MetadataService;
    access: AccessService;
    pipeline: WritePipeline;
  };

  /** The caller's transaction these writes join instead of opening their own (set by `within`). */
  private outer: Trx | null = null;

  constructor(deps: RecordWrites["deps"]) {
    this.deps = deps;
  }

  /**
   * The same writes, run inside the caller's transaction: nested writes (a parent and its child rows) make
   * several calls that each pass the whole pipeline and commit or roll back together.
   */
  within(trx: Trx): RecordWrites {
    const bound = new RecordWrites(this.deps);
    bound.outer = trx;
    return bound;
  }

  private async inTransaction<T>(
    objectName: string,
    operation: WriteOperation,
    actor: Actor,
    work: (ctx: WriteContext) => Promise<T>,
  ): Promise<T> {
    let model: ObjectModel | null = null;
    try {
      const run = <R>(body: (trx: Trx) => Promise<R>) =>
        this.outer ? body(this.outer) : this.deps.database.db.transaction().execute(body);
      return await run(async (trx) => {
        const snapshot = await this.deps.metadata.forWrite(trx);
        model = modelOrThrow(snapshot, objectName);
        const access = await this.deps.access.contextInTransaction(actor.access, trx, snapshot);
        const now = this.deps.clock.now();
        const ctx: WriteContext = {
          trx,
          snapshot,
          model,
          operation,
          access,
          origin: actor.origin,
          actorId: access.userId,
          now,
          today: zonedDate(now, this.deps.config.timeZone),
          records: [],
          issues: [],
          deferred: [],
          derived: [],
          inFlight: new InFlightStatements(),
        };
        const done = await settle(work(ctx));
        const failed = await ctx.inFlight.failure();
        if (failed) throw failed.error;
        if (!done.ok) throw done.error;
        return done.value;
      });
    } catch (error) {
      throw model ? mapConstraintError(error, model, { restoring: operation === "restore" }) : error;
    }
  }

  /** Runs a pipeline stage and stops the write with every problem the stage's hooks reported. */
  private async stage(ctx: WriteContext, stage: WriteStage) {
    await this.runHooks(ctx, stage);
    if (ctx.deferred.length) await this.flushDeferred(ctx);
  }

  /** A stage's hooks, stopping the write with every problem they reported; their queued INSERTs stay queued. */
  private async runHooks(ctx: WriteContext, stage: WriteStage) {
    await this.deps.pipeline.run(stage, ctx);
    throwIfIssues(ctx.issues);
  }

  /**
   * The afterWrite stage, then the answer — encoded while PostgreSQL runs the stage's statement (a bulk
   * create's events and audit rows: ~15 ms of the database's time for 1,000 records) rather than after it.
   * The statement is on its way once this turn's microtasks have run (Kysely → pg write it to the socket),
   * so encoding starts at the next turn. The statement's failure wins over the answer's: a query the answer
   * needed (many-to-many ids, formula values) fails too once the transaction is aborted.
   */
  private async afterWriteThenAnswer<T>(ctx: WriteContext, rows: Row[], present: Presenter<T>): Promise<T> {
    await this.runHooks(ctx, "afterWrite");
    if (!ctx.deferred.length) return present(await encodeWritten(ctx, this.deps, rows));
    const flushed = settle(this.flushDeferred(ctx));
    await new Promise(setImmediate);
    const answer = settle(encodeWritten(ctx, this.deps, rows).then(present));
    const flush = await flushed;
    if (!flush.ok) throw flush.error;
    const encoded = await answer;
    if (!encoded.ok) throw encoded.error;
    return encoded.value;
  }

  /** Sends the queued INSERTs as one statement: data-modifying CTEs all run, in the write's transaction. */
  private async flushDeferred(ctx: WriteContext) {
    const queries = ctx.deferred.splice(0);
    const only = queries[0];
    if (queries.length === 1 && only && !("cte" in only)) {
      await sql`${only}`.execute(ctx.trx);
      return;
    }
    const ctes = queries.map((entry, i) =>
      "cte" in entry
        ? sql`${sql.id(entry.cte)} AS (${entry.query})`
        : sql`${sql.id(`deferred_${i}`)} AS (${entry})`,
    );
    await sql`WITH ${sql.join(ctes)} SELECT 1`.execute(ctx.trx);
  }

  private decode(ctx: WriteContext, body: unknown, mode: "create" | "update", path: string) {
    const fieldAccess = restrictModel(ctx.model, ctx.access).fieldAccess;
    return decodeInput(ctx.model, body, mode, this.deps.metadata.fieldContext, ctx.issues, path, fieldAccess);
  }

  /**
   * The common first half of every write on existing records: authorize (the access hook answers 404 for
   * records the caller may not see, 403 for ones they may not change), lock and check versions, validate.
   */
  private async prepareExisting(
    ctx: WriteContext,
    inputs: Array<{ id: string; version?: number; values?: unknown }>,
    options: { bulk: boolean; deleted?: DeletedRows },
  ) {
    ctx.records = inputs.map((input, index) => {
      const path = options.bulk ? `records.${index}.` : "";
      const input_ =
        input.values === undefined ? emptyInput() : this.decode(ctx, input.values, "update", path);
      return { id: input.id, path, before: null, input: input_ };
    });
    await this.stage(ctx, "authorize");
    const current = await lockRows(ctx, this.deps.database.schemas, inputs, options.deleted ?? "live");
    for (const record of ctx.records) record.before = current.get(record.id)!;
    await this.stage(ctx, "validate");
    await this.stage(ctx, "beforeWrite");
  }

  create(objectName: string, inputs: unknown[], actor: Actor, options: { bulk: boolean }): Promise<Row[]>;
  create<T>(
    objectName: string,
    inputs: unknown[],
    actor: Actor,
    options: { bulk: boolean; present: Presenter<T> },
  ): Promise<T>;
  async create<T>(
    objectName: string,
    inputs: unknown[],
    actor: Actor,
    options: { bulk: boolean; present?: Presenter<T> },
  ): Promise<T | Row[]> {
    checkBulkSize(inputs.length);
    const present = options.present ?? asRows;
    return this.inTransaction(objectName, "create", actor, async (ctx) => {
      ctx.records = inputs.map((body, index) => {
        const path = options.bulk ? `records.${index}.` : "";
        const { values, ...owner } = takeOwner(body, path, ctx.issues);
        return {
          id: uuidv7(),
          path,
          input: this.decode(ctx, values, "create", path),
          before: null,
          ...owner,
        };
      });
      await this.stage(ctx, "authorize");
      await this.stage(ctx, "validate");
      await this.stage(ctx, "beforeWrite");
      const rows = await insertRecords(
        ctx,
        objectTable(this.deps.database.schemas, ctx.model.object.apiName),
      );
      await replaceManyToMany(ctx, this.deps.database.schemas, ctx.records);
      await this.stage(ctx, "verify");
      return this.afterWriteThenAnswer<T | Row[]>(ctx, rows, present);
    });
  }

  /**
   * Changes records. A record sent back with the values it holds is not written (no version, event or
   * history) unless `unchanged: "write"` asks for the new version anyway (a document whose rows changed).
   */
  update(objectName: string, inputs: UpdateInput[], actor: Actor, options: UpdateOptions): Promise<Row[]>;
  update<T>(
    objectName: string,
    inputs: UpdateInput[],
    actor: Actor,
    options: UpdateOptions & { present: Presenter<T> },
  ): Promise<T>;
  async update<T>(
    objectName: string,
    inputs: UpdateInput[],
    actor: Actor,
    options: UpdateOptions & { present?: Presenter<T> },
  ): Promise<T | Row[]> {
    checkBulkSize(inputs.length);
    const present = options.present ?? asRows;
    return this.inTransaction(objectName, "update", actor, async (ctx) => {
      await this.prepareExisting(ctx, inputs, options);
      const rows: Row[] = [];
      // A record sent back with the values it holds is not written: no new version, no event, no history.
      const changing = ctx.records.filter(
        (record) => options.unchanged === "write" || !changesNothing(ctx.model, record),
      );
      for (const record of ctx.records)
        record.after = changing.includes(record)
          ? await updateRow(ctx, this.deps.database.schemas, record, record.input.columns)
          : record.before!;
      for (const record of ctx.records) rows.push(record.after!);
      await replaceManyToMany(
        ctx,
        this.deps.database.schemas,
        changing.filter((r) => r.input.manyToMany.size > 0),
      );
      ctx.records = changing;
      if (!changing.length) return present(await encodeWritten(ctx, this.deps, rows));
      await this.stage(ctx, "verify");
      return this.afterWriteThenAnswer<T | Row[]>(ctx, rows, present);
    });
  }

  /**
   * Gives records a new owner (single or bulk), or none (`null`: back to the pool); the access hook decides
   * who may. Only the owner changes, so validation rules that do not read it are not run again (ADR 0024).
   */
  transfer(objectName: string, ids: string[], ownerId: string | null, actor: Actor): Promise<Row[]> {
    checkBulkSize(ids.length);
    return this.changeOwner(objectName, "transfer", ids, actor, () => ownerId);
  }

  /**
   * The caller takes an unowned record as their own (a lead from the pool): needs the object's claim right;
   * a record someone owns answers 409, so of concurrent claims exactly one wins (the row lock orders them).
   */
  async claim(objectName: string, id: string, actor: Actor): Promise<Row> {
    const [record] = await this.changeOwner(objectName, "claim", [id], actor, (ctx) => ctx.actorId);
    return record!;
  }

  private changeOwner(
    objectName: string,
    operation: "transfer" | "claim",
    ids: string[],
    actor: Actor,
    ownerOf: (ctx: WriteContext) => string | null,
  ): Promise<Row[]> {
    return this.inTransaction(objectName, operation, actor, async (ctx) => {
      await this.prepareExisting(
        ctx,
        ids.map((id) => ({ id })),
        { bulk: ids.length > 1 },
      );
      const rows: Row[] = [];
      for (const record of ctx.records) {
        record.after = await updateRow(ctx, this.deps.database.schemas, record, { owner_id: ownerOf(ctx) });
        rows.push(record.after);
      }
      await this.stage(ctx, "verify");
      return this.afterWriteThenAnswer(ctx, rows, asRows);
    });
  }

  /** Moves records to the recycle bin, where `restore` finds them again. */
  remove(objectName: string, inputs: Array<{ id: string; version?: number }>, actor: Actor): Promise<void> {
    return this.delete(objectName, inputs, actor, "recycle_bin");
  }

  /**
   * Removes the rows for good, past the recycle bin. The access layer allows it to those who may change all
   * data (and to an import's undo of the records it created), whoever calls the service.
   */
  /**
   * Removes records for good. `from: "list"` finds only live records (what an import's undo removes: one a
   * user has since put in the recycle bin stays there); `"list_or_recycle_bin"` empties the bin too.
   */
  removePermanently(
    objectName: string,
    inputs: Array<{ id: string; version?: number }>,
    actor: Actor,
    options: { from: "list" | "list_or_recycle_bin" } = { from: "list" },
  ): Promise<void> {
    return this.delete(objectName, inputs, actor, options.from === "list" ? "permanent" : "purge");
  }

  private async delete(
    objectName: string,
    inputs: Array<{ id: string; version?: number }>,
    actor: Actor,
    how: "recycle_bin" | "permanent" | "purge",
  ) {
    checkBulkSize(inputs.length);
    await this.inTransaction(objectName, "delete", actor, async (ctx) => {
      ctx.deletion = how === "recycle_bin" ? "recycle_bin" : "permanent";
      // A purge removes a record from the list or out of the recycle bin.
      await this.prepareExisting(ctx, inputs, {
        bulk: inputs.length > 1,
        deleted: how === "purge" ? "either" : "live",
      });
      const table = objectTable(this.deps.database.schemas, ctx.model.object.apiName);
      if (ctx.deletion === "permanent") {
        await sql`DELETE FROM ${table} WHERE id = ANY(${inputs.map((i) => i.id)}::uuid[])`.execute(ctx.trx);
      } else {
        for (const record of ctx.records)
          record.after = await updateRow(ctx, this.deps.database.schemas, record, { deleted_at: ctx.now });
      }
      await this.stage(ctx, "verify");
      await this.stage(ctx, "afterWrite");
    });
  }

  /** Brings a record back from the recycle bin; its fields are as they were, so no rule runs again. */
  async restore(objectName: string, id: string, actor: Actor): Promise<Row> {
    return this.inTransaction(objectName, "restore", actor, async (ctx) => {
      await this.prepareExisting(ctx, [{ id }], { bulk: false, deleted: "deleted" });
      const row = await updateRow(ctx, this.deps.database.schemas, ctx.records[0]!, { deleted_at: null });
      ctx.records[0]!.after = row;
      await this.stage(ctx, "verify");
      const [record] = await this.afterWriteThenAnswer(ctx, [row], asRows);
      return record!;
    });
  }
}

const asRows: Presenter<Row[]> = (records) => records;

function emptyInput() {
  return { columns: {}, manyToMany: new Map(), touched: [] };
}

export type { Trx };
