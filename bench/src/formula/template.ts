import type { FieldDefinition } from "@keduo/core";
import { createDatasetSchema, datasetKey, type PreparedTemplate } from "../lib/data-generator.ts";
import {
  createDatabase,
  databaseExists,
  databaseUrl,
  dropDatabase,
  listDatabases,
  renameDatabase,
} from "../lib/postgres.ts";
import { formatCount, progress } from "../lib/progress.ts";
import { type DatasetSpec, encodeRow, RecordGenerator, tableColumns } from "../lib/record-generator.ts";
import { copyRows } from "../lib/row-loader.ts";
import { type BenchServer, benchAdmin, benchAdminId, startBenchServer } from "../lib/server.ts";
import { DEAL, formulaDataset, PAID_EVERY, PAYMENT, paymentsFor } from "./dataset.ts";

/** Bump when the way the template is built changes without the spec changing. */
const FORMULA_TEMPLATE_VERSION = 1;

/**
 * The template database of the formula benchmark: objects and fields through the metadata API, records by
 * COPY (payments attached 2–3 each to every tenth deal), then VACUUM (ANALYZE). Formula fields are not part of
 * it: each run adds them through the API. Built in a work database renamed when complete.
 */
export async function prepareFormulaTemplate(
  rows: number,
  options: { rebuild: boolean; scope: string },
): Promise<PreparedTemplate & { spec: DatasetSpec }> {
  const spec = formulaDataset(rows);
  const keyed: DatasetSpec = Object.assign({}, spec, { templateVersion: FORMULA_TEMPLATE_VERSION });
  const key = datasetKey(keyed, benchAdmin.email);
  const template = `keduo_bench_tpl_${key}`;
  if (!options.rebuild && (await databaseExists(template))) {
    progress(options.scope, `reusing template database ${template}`);
    return { key, template, built: false, buildSeconds: 0, spec };
  }
  const started = performance.now();
  const work = `keduo_bench_wip_${key}`;
  progress(options.scope, `building template database ${template}`);
  await dropDatabase(work);
  await createDatabase(work);
  const server = await startBenchServer({ engine: "postgres", url: databaseUrl(work) });
  try {
    const fields = await createDatasetSchema(server.api, spec);
    await loadRows(server, spec, fields, options.scope);
  } finally {
    await server.close();
  }
  const prefix = key.slice(0, key.lastIndexOf("_") + 1);
  for (const stale of await listDatabases(`keduo_bench_tpl_${prefix}`)) await dropDatabase(stale);
  await renameDatabase(work, template);
  const buildSeconds = (performance.now() - started) / 1000;
  progress(options.scope, `template ${template} built in ${buildSeconds.toFixed(1)} s`);
  return { key, template, built: true, buildSeconds, spec };
}

async function loadRows(
  server: BenchServer,
  spec: DatasetSpec,
  fields: Map<string, FieldDefinition[]>,
  scope: string,
): Promise<void> {
  const generator = new RecordGenerator(spec);
  const { schemas, pool } = server.database;
  const client = await pool.connect();
  try {
    const owner = await benchAdminId(client, schemas.system);
    const dealIds = generator.idsOf(DEAL);
    for (const object of spec.objects) {
      const objectFields = fields.get(object.apiName) ?? [];
      function* encoded() {
        let paid = 0;
        let left = paymentsFor(0);
        for (const record of generator.records(object.apiName)) {
          if (object.apiName === PAYMENT) {
            record.values.deal = dealIds[paid * PAID_EVERY];
            if (--left === 0) left = paymentsFor(++paid);
          }
          yield encodeRow(objectFields, record, owner!);
        }
      }
      await copyRows(client, {
        schema: schemas.workspace,
        table: object.apiName,
        columns: tableColumns(objectFields),
        rows: encoded(),
        onProgress: (loaded) =>
          progress(scope, `${object.apiName}: ${formatCount(loaded)}/${formatCount(object.rows)} rows`),
      });
    }
    for (const object of spec.objects) {
      progress(scope, `VACUUM (ANALYZE) ${object.apiName}`);
      await client.query(`VACUUM (ANALYZE) "${schemas.workspace}"."${object.apiName}"`);
    }
  } finally {
    client.release();
  }
}
