import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Db, Schemas } from "../../db/database.ts";
import { modelFor, type ObjectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { AccessContext } from "./access-context.ts";
import { restrictModel } from "./field-restriction.ts";
import { recordPredicate } from "./record-predicate.ts";

type Sql = RawBuilder<unknown>;

/**
 * Who asks, against which metadata, with one clock reading (sharing rules may compare dates and formulas).
 * The records module builds it: it owns how a formula field reads for this reader.
 */
export interface ReaderScope {
  access: AccessContext;
  snapshot: MetadataSnapshot;
  schemas: Schemas;
  today: string;
  timeZone: string;
  /** The reader's SQL of a formula field on the row `alias` (sharing criteria may compare formulas). */
  formulaSql(field: FieldDefinition, alias: string): Sql;
}

const ALIAS = "t";

/** The read predicate of `model` for the reader over `t`, or null when nothing restricts; false without read. */
function readPredicate(scope: ReaderScope, model: ObjectModel): Sql | null {
  const { access, schemas } = scope;
  if (!access.permissions.object(model.object.apiName).read) return sql`false`;
  return recordPredicate(access, model, "read", {
    schemas,
    alias: ALIAS,
    today: scope.today,
    timeZone: scope.timeZone,
    formula: (field) => scope.formulaSql(field, ALIAS),
  });
}

/**
 * Which of `ids` (records of `model`) the reader may NOT read, in one query on `db` (a write passes its
 * transaction). Unrestricted readers get none without a query: for them the foreign key alone decides.
 * A write pointing at one of these answers exactly as for an id that does not exist (issue 18).
 */
export async function unreadableRecordIds(
  db: Db,
  scope: ReaderScope,
  model: ObjectModel,
  ids: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0 || scope.access.kind === "system") return new Set();
  const predicate = readPredicate(scope, model);
  if (!predicate) return new Set();
  const { rows } = await sql<{ id: string }>`
    SELECT ${sql.id(ALIAS, "id")} AS id FROM ${objectTable(scope.schemas, model.object.apiName)} AS ${sql.id(ALIAS)}
    WHERE ${sql.id(ALIAS, "id")} = ANY(${wanted}::uuid[]) AND ${predicate}`.execute(db);
  const readable = new Set(rows.map((row) => row.id));
  return new Set(wanted.filter((id) => !readable.has(id)));
}

/**
 * Which of `fileIds` the reader may read now, in one statement on `db`: files they uploaded, and files held
 * by a live record they may read, in an attachment field they may see. Access follows the records that hold
 * a file at the time of asking: revoking a share or removing the attachment revokes the file with it.
 */
export async function readableFileIds(
  db: Db,
  scope: ReaderScope,
  fileIds: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(fileIds.map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Set();
  const { access, schemas } = scope;
  const files = sql.id(schemas.system, "files");
  if (access.kind === "system") {
    const { rows } = await sql<{ id: string }>`
      SELECT id FROM ${files} WHERE id = ANY(${wanted}::uuid[])`.execute(db);
    return new Set(rows.map((row) => row.id));
  }
  const sources = [
    sql`SELECT id::text AS id FROM ${files} WHERE id = ANY(${wanted}::uuid[]) AND created_by = ${access.userId}`,
  ];
  // `@>` with one single-file list per id keeps rows holding none of them from being unnested at all.
  const holders = wanted.map((id) => JSON.stringify([{ id }]));
  for (const object of scope.snapshot.objects.values()) {
    const full = modelFor(scope.snapshot, object.apiName)!;
    const fields = restrictModel(full, access).fields.filter((field) => field.type === "attachment");
    if (fields.length === 0 || !access.permissions.object(object.apiName).read) continue;
    const predicate = readPredicate(scope, full);
    const table = objectTable(schemas, object.apiName);
    // One scan per attachment field: the ids held are unnested and matched set-wise, not one query per file.
    for (const field of fields) {
      const column = sql.id(ALIAS, field.apiName);
      sources.push(sql`SELECT held.value->>'id' AS id
        FROM ${table} AS ${sql.id(ALIAS)}
          CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} END) AS held
        WHERE ${sql.id(ALIAS, "deleted_at")} IS NULL AND ${column} @> ANY(${holders}::jsonb[])
          AND held.value->>'id' = ANY(${wanted}::text[]) ${predicate ? sql`AND ${predicate}` : sql``}`);
    }
  }
  const { rows } = await sql<{ id: string }>`${sql.join(sources, sql` UNION `)}`.execute(db);
  return new Set(rows.map((row) => row.id));
}
