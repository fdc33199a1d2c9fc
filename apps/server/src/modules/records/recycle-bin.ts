import { type FieldDefinition, fieldTypeOf, isUuid, KeduoError } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import { type AccessContext, type RestrictedModel, recordPredicate } from "../access/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { ALIAS, type ReadDeps, readScope } from "./read-scope.ts";
import { mayEmptyRecycleBin } from "./write-rights-hook.ts";

type Sql = RawBuilder<unknown>;

export const RECYCLE_BIN_PAGE = { default: 50, max: 200 } as const;

export interface RecycleBinQuery {
  /** Only these objects (API names); all the caller may restore from when absent. */
  objects?: string[];
  deletedBy?: string;
  /** Deleted at or after this instant, and before `deletedBefore` (ISO date-times). */
  deletedFrom?: string;
  deletedBefore?: string;
  limit?: number;
  cursor?: string;
}

export interface RecycleBinEntry {
  object: string;
  id: string;
  /** The record's display field as text; null when it has none the caller may see, or it is blank. */
  title: string | null;
  deleted_at: string;
  deleted_by: string | null;
  owner_id: string | null;
}

export interface RecycleBinPage {
  records: RecycleBinEntry[];
  next_cursor: string | null;
  /** Whether the caller may also remove these records for good (the rule the delete path applies). */
  may_purge: boolean;
}

interface BinRow {
  object: string;
  id: string;
  title: string | null;
  deleted_at: Date;
  deleted_by: string | null;
  owner_id: string | null;
}

/** Fields that name a record, as the web's record title picks them: the display field first. */
const TITLE_TYPES = new Set(["text", "auto_number", "email", "phone"]);

/**
 * The recycle bin across objects: every deleted record the caller could restore — the object's delete right
 * and the row readable and editable to them, the checks the restore itself makes (access/authorize-hook.ts) —
 * newest first. ONE statement whatever the number of objects: a UNION ALL of one branch per object, each
 * with the access layer's row predicates, its own ORDER BY and LIMIT, merged by the outer ORDER BY.
 */
export async function listRecycleBin(
  deps: ReadDeps,
  query: RecycleBinQuery,
  access: AccessContext,
): Promise<RecycleBinPage> {
  const limit = query.limit ?? RECYCLE_BIN_PAGE.default;
  const { deletedFrom, deletedBefore } = query;
  if (deletedFrom && deletedBefore && Date.parse(deletedFrom) >= Date.parse(deletedBefore))
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "deleted_before", code: "out_of_range" }],
    });
  const names = objectsAsked(access, query.objects);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const branches = names
    .filter((name) => mayRestoreFrom(access, name))
    .map((name) => branchSql(deps, name, access, { ...query, limit, after }));
  const may_purge = mayEmptyRecycleBin(access);
  if (branches.length === 0) return { records: [], next_cursor: null, may_purge };
  const { rows } = await sql<BinRow>`
    SELECT * FROM (${sql.join(branches, sql` UNION ALL `)}) AS bin
    ORDER BY bin.deleted_at DESC, bin.object DESC, bin.id DESC LIMIT ${limit + 1}`.execute(deps.database.db);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    records: page.map((row) => ({
      object: row.object,
      id: row.id,
      title: row.title?.trim() ? row.title : null,
      deleted_at: new Date(row.deleted_at).toISOString(),
      deleted_by: row.deleted_by,
      owner_id: row.owner_id,
    })),
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    may_purge,
  };
}

/** The objects named in the query (each must exist: a typo is a 400, not an empty bin), or all of them. */
function objectsAsked(access: AccessContext, asked: string[] | undefined): string[] {
  if (!asked || asked.length === 0) return [...access.snapshot.objects.keys()].sort();
  const unknown = asked.filter((name) => !access.snapshot.objects.has(name));
  if (unknown.length)
    throw new KeduoError("VALIDATION_FAILED", {
      issues: unknown.map((value) => ({ field: "object", code: "invalid_option", params: { value } })),
    });
  return [...new Set(asked)].sort();
}

/** Restoring needs the object's delete right (and reading it); rows are narrowed by predicates below. */
function mayRestoreFrom(access: AccessContext, objectName: string): boolean {
  const rights = access.permissions.object(objectName);
  return rights.read && rights.delete;
}

function branchSql(
  deps: ReadDeps,
  objectName: string,
  access: AccessContext,
  query: RecycleBinQuery & { limit: number; after: Cursor | null },
): Sql {
  const scope = readScope(deps, objectName, access);
  const editable = recordPredicate(access, scope.full, "edit", scope.filterContext);
  const column = (name: string) => sql.id(ALIAS, name);
  const where: Sql[] = [sql`${column("deleted_at")} IS NOT NULL`];
  if (scope.predicate) where.push(scope.predicate);
  if (editable) where.push(editable);
  if (query.deletedBy) where.push(sql`${column("updated_by")} = ${query.deletedBy}::uuid`);
  if (query.deletedFrom) where.push(sql`${column("deleted_at")} >= ${query.deletedFrom}::timestamptz`);
  if (query.deletedBefore) where.push(sql`${column("deleted_at")} < ${query.deletedBefore}::timestamptz`);
  if (query.after) {
    const { deletedAt, object, id } = query.after;
    where.push(
      sql`(${column("deleted_at")}, ${objectName}::text, ${column("id")}) < (${deletedAt}::timestamptz, ${object}::text, ${id}::uuid)`,
    );
  }
  const title = titleField(scope.model);
  return sql`(SELECT ${objectName}::text AS object, ${column("id")} AS id,
      ${title ? sql`${column(title.apiName)}::text` : sql`NULL::text`} AS title,
      ${column("deleted_at")} AS deleted_at, ${column("updated_by")} AS deleted_by, ${column("owner_id")} AS owner_id
    FROM ${objectTable(deps.database.schemas, objectName)} AS ${sql.id(ALIAS)}
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY ${column("deleted_at")} DESC, ${column("id")} DESC LIMIT ${query.limit + 1})`;
}

/** The field that names a record for this caller: never one hidden from them, and only a one-column text. */
function titleField(model: RestrictedModel): FieldDefinition | undefined {
  const single = (field: FieldDefinition) =>
    TITLE_TYPES.has(field.type) &&
    fieldTypeOf(field.type)
      .columns(field)
      .every((c) => c.name === field.apiName);
  const display = model.object.displayField ? model.fieldByName.get(model.object.displayField) : undefined;
  return display && single(display) ? display : model.fields.find(single);
}

interface Cursor {
  deletedAt: string;
  object: string;
  id: string;
}

function encodeCursor(row: BinRow): string {
  const deletedAt = new Date(row.deleted_at).toISOString();
  return Buffer.from(JSON.stringify([deletedAt, row.object, row.id])).toString("base64url");
}

function decodeCursor(cursor: string): Cursor {
  const invalid = () => new KeduoError("INVALID_CURSOR");
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw invalid();
  const [deletedAt, object, id] = decoded as unknown[];
  // Every part is bound with a cast: only values PostgreSQL would accept for it get that far.
  if (typeof deletedAt !== "string" || Number.isNaN(Date.parse(deletedAt))) throw invalid();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(deletedAt)) throw invalid();
  if (typeof object !== "string" || object.length > 64) throw invalid();
  if (typeof id !== "string" || !isUuid(id)) throw invalid();
  return { deletedAt, object, id };
}
