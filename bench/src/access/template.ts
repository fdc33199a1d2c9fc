import type { FieldDefinition } from "@keduo/core";
import type { ApiClient } from "../lib/api-client.ts";
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
import { createRng, seedFrom } from "../lib/random.ts";
import { type DatasetSpec, encodeRow, RecordGenerator, tableColumns } from "../lib/record-generator.ts";
import { copyRows } from "../lib/row-loader.ts";
import { type BenchServer, benchAdmin, startBenchServer } from "../lib/server.ts";
import { OBJECT, opportunitiesDataset } from "./dataset.ts";
import { type CreatedOrg, createOrg, type OrgPlan, orgPlan } from "./org.ts";

/** Bump when the way the template is built changes without the plan or the spec changing. */
const ACCESS_TEMPLATE_VERSION = 2;

export interface AccessTemplate extends PreparedTemplate {
  rows: number;
  plan: OrgPlan;
}

/**
 * The template database of the access benchmark, built once per key: the organisation through the API, the
 * records by COPY with owners spread evenly over the 200 users, manual shares through the API, then VACUUM
 * (ANALYZE). Built in a work database that is renamed when complete, like the records templates.
 */
export async function prepareAccessTemplate(
  rows: number,
  options: { rebuild: boolean; scope: string },
): Promise<AccessTemplate> {
  const spec = opportunitiesDataset(rows);
  const plan = orgPlan();
  // The organisation and this file's version are part of what the stored data depends on.
  const keyed: DatasetSpec = Object.assign({}, spec, { org: plan, templateVersion: ACCESS_TEMPLATE_VERSION });
  const key = datasetKey(keyed, benchAdmin.email);
  const template = `keduo_bench_tpl_${key}`;
  if (!options.rebuild && (await databaseExists(template))) {
    progress(options.scope, `reusing template database ${template}`);
    return { key, template, built: false, buildSeconds: 0, rows, plan };
  }
  const started = performance.now();
  const work = `keduo_bench_wip_${key}`;
  progress(options.scope, `building template database ${template}`);
  await dropDatabase(work);
  await createDatabase(work);
  const server = await startBenchServer({ engine: "postgres", url: databaseUrl(work) });
  try {
    const fields = await createDatasetSchema(server.api, spec);
    // The list page filters on region and sorts by amount: the composite index Keduo offers for that pair.
    await server.api.expect(
      "PATCH",
      `/api/meta/objects/${OBJECT}`,
      { sharing_default: "private", indexes: [{ fields: ["region", "amount"] }] },
      200,
    );
    const org = await createOrg(server.api, plan, OBJECT, options.scope);
    const sample = await loadOwnedRecords(server, spec, fields.get(OBJECT) ?? [], plan, org, options.scope);
    await createShares(server.api, plan, org, sample, options.scope);
    const client = await server.database.pool.connect();
    try {
      progress(options.scope, `VACUUM (ANALYZE) ${OBJECT} and the access tables`);
      const { workspace, system } = server.database.schemas;
      await client.query(`VACUUM (ANALYZE) "${workspace}"."${OBJECT}"`);
      for (const table of ["users", "user_hierarchy", "departments", "record_shares", "sharing_rules"])
        await client.query(`VACUUM (ANALYZE) "${system}"."${table}"`);
    } finally {
      client.release();
    }
  } finally {
    await server.close();
  }
  const prefix = key.slice(0, key.lastIndexOf("_") + 1);
  for (const stale of await listDatabases(`keduo_bench_tpl_${prefix}`)) await dropDatabase(stale);
  await renameDatabase(work, template);
  const buildSeconds = (performance.now() - started) / 1000;
  progress(options.scope, `template ${template} built in ${buildSeconds.toFixed(1)} s`);
  return { key, template, built: true, buildSeconds, rows, plan };
}

/**
 * COPYs the records into the object table, each owned by one of the plan's users chosen uniformly (0.5 % each),
 * and returns a sample of record ids for manual shares.
 */
async function loadOwnedRecords(
  server: BenchServer,
  spec: DatasetSpec,
  fields: FieldDefinition[],
  plan: OrgPlan,
  org: CreatedOrg,
  scope: string,
): Promise<string[]> {
  const owners = plan.users.map((u) => org.users.get(u.key)!);
  const ownerRng = createRng(seedFrom(spec.seed, OBJECT, "owners"));
  const generator = new RecordGenerator(spec);
  const total = spec.objects[0]!.rows;
  const sampleEvery = Math.max(1, Math.floor(total / 2000));
  const sample: string[] = [];
  function* rows() {
    let index = 0;
    for (const record of generator.records(OBJECT)) {
      if (index++ % sampleEvery === 0) sample.push(record.id);
      yield encodeRow(fields, record, ownerRng.pick(owners));
    }
  }
  const client = await server.database.pool.connect();
  try {
    await copyRows(client, {
      schema: server.database.schemas.workspace,
      table: OBJECT,
      columns: tableColumns(fields),
      rows: rows(),
      onProgress: (loaded) => progress(scope, `${OBJECT}: ${formatCount(loaded)}/${formatCount(total)} rows`),
    });
  } finally {
    client.release();
  }
  return sample;
}

/** Manual shares through the API: a few records shared with each user and each department. */
async function createShares(
  api: ApiClient,
  plan: OrgPlan,
  org: CreatedOrg,
  sample: readonly string[],
  scope: string,
): Promise<void> {
  const rng = createRng(seedFrom("access-shares"));
  const grantees = [
    ...plan.users.flatMap((u) =>
      Array.from({ length: plan.shares.perUser }, () => ({ kind: "user", id: org.users.get(u.key)! })),
    ),
    ...plan.departments.flatMap((d) =>
      Array.from({ length: plan.shares.perDepartment }, () => ({
        kind: "department",
        id: org.departments.get(d.key)!,
      })),
    ),
  ];
  for (const grantee of grantees) {
    await api.expect(
      "POST",
      `/api/records/${OBJECT}/${rng.pick(sample)}/shares`,
      { grantee_kind: grantee.kind, grantee_id: grantee.id, access: rng.chance(0.3) ? "edit" : "read" },
      201,
    );
  }
  progress(scope, `created ${grantees.length} manual shares`);
}
