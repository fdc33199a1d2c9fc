import {
  type Clock,
  createFormulaContext,
  type FieldDefinition,
  type FormulaContext,
  isUuid,
  KeduoError,
} from "@keduo/core";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import {
  type AccessContext,
  type RecordActions,
  readableFileIds,
  recordActionsOrThrow,
  recordsActions,
  rowRights,
} from "../access/index.ts";
import { queryAudit } from "../audit/index.ts";
import { checkFilterOrThrow, filterToSql } from "../filter-sql/index.ts";
import { assertNotFilling } from "../formula-sql/index.ts";
import type { MetadataService, ObjectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { createdChanges } from "./created-values.ts";
import { applyExpand, loadManyToManyIds, planExpand } from "./expand.ts";
import { type FormulaSqlOf, formulaSelects, lateralFormulas } from "./formula-columns.ts";
import { afterCursor, encodeCursor, orderBy, parseSort } from "./keyset.ts";
import type { ReadObservers } from "./read-observers.ts";
import { ALIAS, readScope } from "./read-scope.ts";
import { readerScope } from "./reader-scope.ts";
import { columnsFor, encodeRecord, type Row } from "./record-codec.ts";
import { type CountMode, countMatching } from "./record-count.ts";

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

export interface ListQuery {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
  fields?: string[];
  expand?: string[];
  /** List the recycle bin (soft-deleted records) instead of live ones. */
  deleted?: boolean;
  /**
   * Also count the matching records: `true` exactly up to the configured limit and estimated above it,
   * `"exact"` exactly however many (it reads them all); record-count.ts, ADR 0035.
   */
  count?: CountMode;
}

export interface ListResult {
  records: Row[];
  next_cursor: string | null;
  total?: number;
  /** With `total`: whether it is the planner's estimate (above the exact-count limit) rather than a count. */
  total_estimated?: boolean;
}

function selectFields(model: ObjectModel, names: string[] | undefined): FieldDefinition[] {
  if (!names || names.length === 0) return model.fields;
  return names.map((name) => {
    const field = model.fieldByName.get(name);
    if (!field)
      throw new KeduoError("VALIDATION_FAILED", {
        issues: [{ field: "fields", code: "unknown_field", params: { name } }],
      });
    return field;
  });
}

export class RecordReads {
  private readonly deps: {
    database: Database;
    clock: Clock;
    config: ServerConfig;
    metadata: MetadataService;
    observers: ReadObservers;
  };

  constructor(deps: RecordReads["deps"]) {
    this.deps = deps;
  }

  private scope(objectName: string, access: AccessContext) {
    return readScope(this.deps, objectName, access);
  }

  async list(objectName: string, query: ListQuery, access: AccessContext): Promise<ListResult> {
    const { database } = this.deps;
    const scope = this.scope(objectName, access);
    const { model, predicate } = scope;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const fields = selectFields(model, query.fields);
    const expand = planExpand(access.snapshot, model, query.expand ?? [], access);
    // Costly read-time formulas in the filter and sort are computed once per row (formula-columns.ts).
    const lateral = lateralFormulas(access.snapshot, scope.formulaSql, ALIAS);
    // The caller's own filter and sort; sharing rules (in `predicate`) compute a filling formula instead.
    const filterSql = (field: FieldDefinition) => {
      assertNotFilling(field);
      return lateral.filterSql(field, ALIAS);
    };
    const sort = parseSort(model, query.sort, filterSql);
    const filterContext = { ...scope.filterContext, fields: model.queryable, formula: filterSql };
    const checked = query.filter == null ? null : checkFilterOrThrow(query.filter, filterContext);
    const where = sql.join(
      [
        query.deleted
          ? sql`${sql.id(ALIAS, "deleted_at")} IS NOT NULL`
          : sql`${sql.id(ALIAS, "deleted_at")} IS NULL`,
        filterToSql(checked ?? { kind: "and", nodes: [] }, filterContext),
        ...(predicate ? [predicate] : []),
      ],
      sql` AND `,
    );
    const pageWhere = query.cursor ? sql`${where} AND ${afterCursor(sort, query.cursor, ALIAS)}` : where;
    const columns = new Set(columnsFor(model, fields));
    for (const key of sort.keys) if (!key.expression) columns.add(key.column);
    // Formula sort keys are selected under their names too: the cursor reads them from the last row.
    const computed = [...new Set([...fields, ...sort.keys.map((key) => key.field)])];
    const selects = [
      ...[...columns].map((c) => sql.id(ALIAS, c)),
      ...formulaSelects(computed, ALIAS, lateral.selectSql),
    ];
    const table = objectTable(database.schemas, model.object.apiName);
    const from = sql`${table} AS ${sql.id(ALIAS)} ${lateral.from()}`;
    const statement = sql<Row>`
      SELECT ${sql.join(selects)} FROM ${from}
      WHERE ${pageWhere} ORDER BY ${orderBy(sort, ALIAS)} LIMIT ${limit + 1}`;
    const started = performance.now();
    const { rows } = await statement.execute(database.db);
    if (!query.deleted && this.deps.observers.watching)
      this.deps.observers.notify({
        kind: "list",
        object: model.object.apiName,
        filter: checked,
        sort: sort.keys.flatMap((key) =>
          key.expression ? [] : [{ column: key.column, direction: key.direction }],
        ),
        idDirection: sort.idDirection,
        groupBy: [],
        measures: [],
        scoped: predicate !== null,
        ms: performance.now() - started,
        statement: () => statement.compile(database.db),
      });
    const page = rows.slice(0, limit);
    const result: ListResult = {
      records: await this.encodePage(access, scope, page, fields, expand),
      next_cursor: rows.length > limit && page.length ? encodeCursor(sort, page[page.length - 1]!) : null,
    };
    if (query.count) {
      // A first page that holds every match is its own count.
      const answer =
        !query.cursor && rows.length <= limit
          ? { total: rows.length, estimated: false }
          : await countMatching(database.db, sql`SELECT 1 FROM ${from} WHERE ${where}`, {
              mode: query.count,
              exactLimit: this.deps.config.exactCountLimit,
              // The planner takes a row predicate for the whole table: a rep with 3,000 records would read
              // "about 1,000,000" and learn how many they may not see. Theirs is sampled (ADR 0035).
              scoped: predicate && {
                table,
                sampled: (percent) => sql`SELECT 1 FROM ${table} AS ${sql.id(ALIAS)}
                  TABLESAMPLE SYSTEM (${percent}) REPEATABLE (0) ${lateral.from()} WHERE ${where}`,
              },
            });
      result.total = answer.total;
      result.total_estimated = answer.estimated;
    }
    return result;
  }

  async get(
    objectName: string,
    id: string,
    access: AccessContext,
    options: { fields?: string[]; expand?: string[]; includeDeleted?: boolean } = {},
  ) {
    const { database } = this.deps;
    const scope = this.scope(objectName, access);
    const { model, predicate } = scope;
    const fields = selectFields(model, options.fields);
    const expand = planExpand(access.snapshot, model, options.expand ?? [], access);
    const selects = [
      ...columnsFor(model, fields).map((c) => sql.id(ALIAS, c)),
      ...formulaSelects(fields, ALIAS, scope.formulaSql),
    ];
    const table = objectTable(database.schemas, model.object.apiName);
    const { rows } = await sql<Row>`
      SELECT ${sql.join(selects)} FROM ${table} AS ${sql.id(ALIAS)}
      WHERE ${sql.id(ALIAS, "id")} = ${id}
      ${options.includeDeleted ? sql`` : sql`AND ${sql.id(ALIAS, "deleted_at")} IS NULL`}
      ${predicate ? sql`AND ${predicate}` : sql``}`.execute(database.db);
    // Unreadable and nonexistent look the same: no oracle for ids the user may not see.
    if (rows.length === 0) throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
    const [record] = await this.encodePage(access, scope, rows, fields, expand);
    return record!;
  }

  /** What the caller may do with one live record they can read (edit, delete, transfer): the writes' own rules. */
  async actions(objectName: string, id: string, access: AccessContext): Promise<RecordActions> {
    const scope = this.scope(objectName, access);
    const rights = await rowRights(this.deps.database.db, access, scope.full, [id], scope.filterContext);
    return recordActionsOrThrow(access, objectName, id, rights.get(id));
  }

  /** What the caller may do with each of a page's records, in one statement; unreadable ones left out. */
  async actionsOfMany(
    objectName: string,
    ids: readonly string[],
    access: AccessContext,
  ): Promise<Record<string, RecordActions>> {
    const scope = this.scope(objectName, access);
    const rights = await rowRights(this.deps.database.db, access, scope.full, ids, scope.filterContext);
    return recordsActions(access, objectName, rights);
  }

  /** Whether `access` may read a stored file now (access/readable-ids.ts says who may). */
  async mayReadFile(fileId: string, access: AccessContext): Promise<boolean> {
    if (!isUuid(fileId)) return false;
    const { clock, config, database } = this.deps;
    const context = createFormulaContext(clock, config.timeZone);
    const scope = readerScope(access, access.snapshot, database.schemas, context);
    return (await readableFileIds(database.db, scope, [fileId])).has(fileId.toLowerCase());
  }

  /** Field history from the audit log, for a record the caller may read, without fields hidden from them. */
  async history(
    objectName: string,
    id: string,
    access: AccessContext,
    page: { limit: number; before?: number; to?: Date },
  ) {
    await this.get(objectName, id, access, { fields: [] });
    const { model } = this.scope(objectName, access);
    const visible = (name: string) => name === "owner_id" || model.fieldByName.has(name);
    const { entries, next_cursor } = await queryAudit(this.deps.database.db, {
      object: objectName,
      recordId: id,
      ...page,
    });
    // A created record's audit row keeps no values (ADR 0036): they are put back together here.
    const created = entries.find((entry) => entry.action === "record.create" && entry.changes === null);
    if (created)
      created.changes = await createdChanges(this.deps.database, model, {
        recordId: id,
        auditId: Number(created.id),
      });
    return {
      entries: entries.map((entry) => ({
        id: String(entry.id),
        at: entry.occurred_at,
        action: entry.action,
        actor_id: entry.actor_id,
        changes: Object.fromEntries(
          Object.entries((entry.changes as Record<string, unknown> | null) ?? {}).filter(([name]) =>
            visible(name),
          ),
        ),
      })),
      next_cursor,
    };
  }

  private async encodePage(
    access: AccessContext,
    scope: { model: ObjectModel; context: FormulaContext; formulaSql: FormulaSqlOf },
    rows: Row[],
    fields: FieldDefinition[],
    expand: ReturnType<typeof planExpand>,
  ): Promise<Row[]> {
    const { model } = scope;
    const ids = rows.map((r) => String(r.id));
    const manyToMany = await loadManyToManyIds(this.deps.database, model, fields, ids);
    const records = rows.map((row) => encodeRecord(model, row, { fields, manyToMany }));
    await applyExpand(this.deps.database, access, scope, model, expand, rows, records);
    return records;
  }
}
