import type { FieldDefinition } from "@keduo/core";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { restrictModel } from "../access/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { loadManyToManyIds } from "./expand.ts";
import { formulaSelects, formulaSqlOf } from "./formula-columns.ts";
import { encodeRecord, type Row } from "./record-codec.ts";
import type { WriteContext } from "./write-pipeline.ts";

/**
 * The written records as the writer may read them (their hidden fields left out), with many-to-many ids and
 * formula values computed in the write's transaction and with its clock reading.
 */
export async function encodeWritten(
  ctx: WriteContext,
  deps: { database: Database; config: ServerConfig },
  rows: Row[],
): Promise<Row[]> {
  const ids = rows.map((r) => String(r.id));
  const manyToMany = await loadManyToManyIds(
    { ...deps.database, db: ctx.trx },
    ctx.model,
    ctx.model.fields,
    ids,
  );
  const visible = restrictModel(ctx.model, ctx.access);
  const computed = await formulaValues(ctx, deps, visible.fields, ids);
  return rows.map((row) =>
    encodeRecord(visible, row, { manyToMany, computed: computed.get(String(row.id)) ?? {}, memoise: true }),
  );
}

async function formulaValues(
  ctx: WriteContext,
  deps: { database: Database; config: ServerConfig },
  fields: FieldDefinition[],
  ids: string[],
) {
  const byId = new Map<string, Row>();
  if (ids.length === 0 || !fields.some((field) => field.type === "formula")) return byId;
  const { schemas } = deps.database;
  const context = { now: ctx.now, today: ctx.today, timeZone: deps.config.timeZone };
  const selects = formulaSelects(fields, "t", formulaSqlOf(ctx.snapshot, schemas, context, ctx.access));
  const { rows } = await sql<Row>`
    SELECT t.id, ${sql.join(selects)} FROM ${objectTable(schemas, ctx.model.object.apiName)} t
    WHERE t.id = ANY(${ids}::uuid[])`.execute(ctx.trx);
  for (const row of rows) byId.set(String(row.id), row);
  return byId;
}
