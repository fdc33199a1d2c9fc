import { type Clock, type FieldDefinition, KeduoError, type MetadataSnapshot, zonedDate } from "@keduo/core";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import { queryAudit } from "../audit/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/names.ts";
import { compileFilter } from "./compile-filter.ts";
import { applyExpand, loadManyToManyIds, planExpand } from "./expand.ts";
import { afterCursor, encodeCursor, orderBy, parseSort } from "./keyset.ts";
import { modelFor, type ObjectModel } from "./object-model.ts";
import { assertObjectPermission, recordPredicate, restrictModel } from "./record-access.ts";
import { columnsFor, encodeRecord, type Row } from "./record-codec.ts";

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;
const ALIAS = "t";

export interface ListQuery {
  filter?: unknown;
  sort?: string;
  limit?: number;
  cursor?: string;
  fields?: string[];
  expand?: string[];
  /** List the recycle bin (soft-deleted records) instead of live ones. */
  deleted?: boolean;
  /** Also count all matching records (costly on big tables, so only on request). */
  count?: boolean;
}

export interface ListResult {
  records: Row[];
  next_cursor: string | null;
  total?: number;
}

export function modelOrThrow(snapshot: MetadataSnapshot, objectName: string): ObjectModel {
  const model = modelFor(snapshot, objectName);
  if (!model) throw new KeduoError("OBJECT_NOT_FOUND", { params: { object: objectName } });
  return model;
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
  };

  constructor(deps: RecordReads["deps"]) {
    this.deps = deps;
  }

  private dates() {
    const { clock, config } = this.deps;
    return { today: zonedDate(clock.now(), config.timeZone), timeZone: config.timeZone };
  }

  /** The object as `access` may read it, and the row predicate that goes into every query on it. */
  private scope(objectName: string, access: AccessContext) {
    const full = modelOrThrow(access.snapshot, objectName);
    assertObjectPermission(access, objectName, "read");
    const schemas = this.deps.database.schemas;
    const predicate = recordPredicate(access, full, "read", { schemas, alias: ALIAS, ...this.dates() });
    return { full, model: restrictModel(full, access), predicate };
  }

  async list(objectName: string, query: ListQuery, access: AccessContext): Promise<ListResult> {
    const { database } = this.deps;
    const { model, predicate } = this.scope(objectName, access);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const fields = selectFields(model, query.fields);
    const expand = planExpand(access.snapshot, model, query.expand ?? [], access);
    const sort = parseSort(model, query.sort);
    const filterContext = { model, schemas: database.schemas, alias: ALIAS, ...this.dates() };
    const where = sql.join(
      [
        query.deleted
          ? sql`${sql.id(ALIAS, "deleted_at")} IS NOT NULL`
          : sql`${sql.id(ALIAS, "deleted_at")} IS NULL`,
        compileFilter(query.filter, filterContext),
        ...(predicate ? [predicate] : []),
      ],
      sql` AND `,
    );
    const pageWhere = query.cursor ? sql`${where} AND ${afterCursor(sort, query.cursor, ALIAS)}` : where;
    const columns = new Set(columnsFor(model, fields));
    for (const key of sort.keys) columns.add(key.column);
    const table = objectTable(database.schemas, model.object.apiName);
    const { rows } = await sql<Row>`
      SELECT ${sql.join([...columns].map((c) => sql.id(ALIAS, c)))} FROM ${table} AS ${sql.id(ALIAS)}
      WHERE ${pageWhere} ORDER BY ${orderBy(sort, ALIAS)} LIMIT ${limit + 1}`.execute(database.db);
    const page = rows.slice(0, limit);
    const result: ListResult = {
      records: await this.encodePage(access, model, page, fields, expand),
      next_cursor: rows.length > limit && page.length ? encodeCursor(sort, page[page.length - 1]!) : null,
    };
    if (query.count) {
      const { rows: counted } = await sql<{ total: number }>`
        SELECT count(*) AS total FROM ${table} AS ${sql.id(ALIAS)} WHERE ${where}`.execute(database.db);
      result.total = Number(counted[0]?.total ?? 0);
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
    const { model, predicate } = this.scope(objectName, access);
    const fields = selectFields(model, options.fields);
    const expand = planExpand(access.snapshot, model, options.expand ?? [], access);
    const columns = columnsFor(model, fields);
    const table = objectTable(database.schemas, model.object.apiName);
    const { rows } = await sql<Row>`
      SELECT ${sql.join(columns.map((c) => sql.id(ALIAS, c)))} FROM ${table} AS ${sql.id(ALIAS)}
      WHERE ${sql.id(ALIAS, "id")} = ${id}
      ${options.includeDeleted ? sql`` : sql`AND ${sql.id(ALIAS, "deleted_at")} IS NULL`}
      ${predicate ? sql`AND ${predicate}` : sql``}`.execute(database.db);
    // Unreadable and nonexistent look the same: no oracle for ids the user may not see.
    if (rows.length === 0) throw new KeduoError("RECORD_NOT_FOUND", { params: { object: objectName, id } });
    const [record] = await this.encodePage(access, model, rows, fields, expand);
    return record!;
  }

  /** Field history from the audit log, for a record the caller may read, without fields hidden from them. */
  async history(
    objectName: string,
    id: string,
    access: AccessContext,
    page: { limit: number; before?: number },
  ) {
    await this.get(objectName, id, access, { fields: [] });
    const { model } = this.scope(objectName, access);
    const visible = (name: string) => name === "owner_id" || model.fieldByName.has(name);
    const { entries, next_cursor } = await queryAudit(this.deps.database.db, {
      object: objectName,
      recordId: id,
      ...page,
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
    model: ObjectModel,
    rows: Row[],
    fields: FieldDefinition[],
    expand: ReturnType<typeof planExpand>,
  ): Promise<Row[]> {
    const ids = rows.map((r) => String(r.id));
    const manyToMany = await loadManyToManyIds(this.deps.database, model, fields, ids);
    const records = rows.map((row) => encodeRecord(model, row, { fields, manyToMany }));
    await applyExpand(this.deps.database, access, this.dates(), model, expand, rows, records);
    return records;
  }
}
