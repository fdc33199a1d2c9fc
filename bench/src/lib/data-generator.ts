import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FieldDefinition, FieldTypeName, Translatable } from "@keduo/core";
import type { ApiClient } from "./api-client.ts";
import {
  createDatabase,
  databaseExists,
  databaseUrl,
  dropDatabase,
  listDatabases,
  renameDatabase,
} from "./postgres.ts";
import { formatCount, progress } from "./progress.ts";
import { type DatasetSpec, encodeRow, RecordGenerator, tableColumns } from "./record-generator.ts";
import { copyRows, insertRowsAsJson } from "./row-loader.ts";
import { type BenchServer, benchAdmin, benchAdminId, startBenchServer } from "./server.ts";

/** Bump when the way rows are generated changes without the specs changing: every template is rebuilt. */
export const GENERATOR_VERSION = 1;

/**
 * What a data set's stored form depends on: the specs (including the value functions' source), the generator
 * version, the admin it is built with, and how Keduo turns fields into columns.
 */
export function datasetKey(spec: DatasetSpec, adminEmail: string): string {
  const hash = createHash("sha256");
  hash.update(`v${GENERATOR_VERSION}\u0000${adminEmail}\u0000`);
  hash.update(JSON.stringify(spec, (_key, value) => (typeof value === "function" ? String(value) : value)));
  for (const dir of [
    "../../../apps/server/src/modules/schema-sync/",
    "../../../packages/core/src/field-types/",
  ]) {
    const url = new URL(dir, import.meta.url);
    for (const file of readdirSync(url).sort()) hash.update(readFileSync(new URL(file, url)));
  }
  const rows = Math.max(...spec.objects.map((o) => o.rows));
  const size =
    rows >= 1_000_000 && rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : `${Math.round(rows / 1000)}k`;
  return `${spec.name}_${size}_${hash.digest("hex").slice(0, 10)}`;
}

/** Creates the data set's objects and fields through the metadata API, so the tables are Keduo's own. */
export async function createDatasetSchema(
  api: ApiClient,
  spec: DatasetSpec,
): Promise<Map<string, FieldDefinition[]>> {
  const fields = new Map<string, FieldDefinition[]>();
  for (const object of spec.objects) {
    await api.expect("POST", "/api/meta/objects", { api_name: object.apiName, labels: object.labels }, 201);
    for (const field of object.fields) {
      const labels = field.input.labels ?? { "zh-CN": field.input.api_name, en: field.input.api_name };
      await api.expect("POST", `/api/meta/objects/${object.apiName}/fields`, { ...field.input, labels }, 201);
    }
    fields.set(object.apiName, await loadObjectFields(api, object.apiName));
  }
  return fields;
}

interface SerializedField {
  id: string;
  api_name: string;
  type: FieldTypeName;
  labels: Translatable;
  help_text: Translatable | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  read_only: boolean;
  default: unknown;
  config: FieldDefinition["config"];
  position: number;
  hidden: boolean;
}

/** The object's resolved field definitions, read back from the metadata API. */
export async function loadObjectFields(api: ApiClient, object: string): Promise<FieldDefinition[]> {
  const body = await api.expect<{ fields: SerializedField[] }>(
    "GET",
    `/api/meta/objects/${object}/fields`,
    undefined,
    200,
  );
  return body.fields.map((f) => ({
    id: f.id,
    objectApiName: object,
    apiName: f.api_name,
    type: f.type,
    labels: f.labels,
    helpText: f.help_text,
    required: f.required,
    unique: f.unique,
    indexed: f.indexed,
    readOnly: f.read_only,
    defaultValue: f.default,
    config: f.config,
    position: f.position,
    hidden: f.hidden,
  }));
}

function* mapRows<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/**
 * Loads the data set's records into a Keduo database whose objects exist, owned by the first admin, then
 * vacuums and analyzes the tables as autovacuum eventually would (planner statistics, visibility map).
 */
async function loadRecords(
  server: BenchServer,
  spec: DatasetSpec,
  fields: Map<string, FieldDefinition[]>,
  method: "copy" | "json",
  scope: string,
): Promise<void> {
  const generator = new RecordGenerator(spec);
  const { schemas, pool } = server.database;
  const client = await pool.connect();
  try {
    const owner = await benchAdminId(client, schemas.system);
    for (const object of spec.objects) {
      const objectFields = fields.get(object.apiName) ?? [];
      const target = {
        schema: schemas.workspace,
        table: object.apiName,
        columns: tableColumns(objectFields),
        rows: mapRows(generator.records(object.apiName), (record) => encodeRow(objectFields, record, owner)),
        onProgress: (loaded: number) =>
          progress(scope, `${object.apiName}: ${formatCount(loaded)}/${formatCount(object.rows)} rows`),
      };
      await (method === "copy" ? copyRows(client, target) : insertRowsAsJson(client, target));
    }
    for (const object of spec.objects) {
      progress(scope, `VACUUM (ANALYZE) ${object.apiName}`);
      await client.query(`VACUUM (ANALYZE) "${schemas.workspace}"."${object.apiName}"`);
    }
  } finally {
    client.release();
  }
}

async function buildDataset(server: BenchServer, spec: DatasetSpec, method: "copy" | "json", scope: string) {
  progress(scope, `creating ${spec.objects.length} objects through the metadata API`);
  const fields = await createDatasetSchema(server.api, spec);
  await loadRecords(server, spec, fields, method, scope);
}

/** Templates and build directories of the same data set and size but another key are stale. */
const keyPrefix = (key: string) => key.slice(0, key.lastIndexOf("_") + 1);

export interface PreparedTemplate {
  key: string;
  /** The template database (PostgreSQL) or directory (PGlite). */
  template: string;
  built: boolean;
  buildSeconds: number;
}

/**
 * A PostgreSQL template database holding the data set, built once per key: in a work database that is renamed
 * when complete, so an interrupted build is never mistaken for a template.
 */
export async function prepareTemplate(
  spec: DatasetSpec,
  options: { rebuild: boolean; scope: string },
): Promise<PreparedTemplate> {
  const key = datasetKey(spec, benchAdmin.email);
  const template = `keduo_bench_tpl_${key}`;
  if (!options.rebuild && (await databaseExists(template))) {
    progress(options.scope, `reusing template database ${template}`);
    return { key, template, built: false, buildSeconds: 0 };
  }
  const started = performance.now();
  const work = `keduo_bench_wip_${key}`;
  progress(options.scope, `building template database ${template}`);
  await dropDatabase(work);
  await createDatabase(work);
  const server = await startBenchServer({ engine: "postgres", url: databaseUrl(work) });
  try {
    await buildDataset(server, spec, "copy", options.scope);
  } finally {
    await server.close();
  }
  for (const stale of await listDatabases(`keduo_bench_tpl_${keyPrefix(key)}`)) await dropDatabase(stale);
  await renameDatabase(work, template);
  const buildSeconds = (performance.now() - started) / 1000;
  progress(options.scope, `template ${template} built in ${buildSeconds.toFixed(1)} s`);
  return { key, template, built: true, buildSeconds };
}

/** A fresh database for one run, copied from a template instead of generated again. Returns its URL. */
export async function cloneDatabase(template: string, target: string): Promise<string> {
  await dropDatabase(target);
  await createDatabase(target, template);
  return databaseUrl(target);
}

const cacheDir = process.env.KEDUO_BENCH_CACHE || join(tmpdir(), "keduo-bench-cache");

/** The embedded-engine counterpart of `prepareTemplate`: a Keduo data directory holding the data set. */
export async function preparePgliteTemplate(
  spec: DatasetSpec,
  options: { rebuild: boolean; scope: string },
): Promise<PreparedTemplate> {
  const key = datasetKey(spec, benchAdmin.email);
  const template = join(cacheDir, `pglite_${key}`);
  if (!options.rebuild && existsSync(template)) {
    progress(options.scope, `reusing template data directory ${template}`);
    return { key, template, built: false, buildSeconds: 0 };
  }
  const started = performance.now();
  mkdirSync(cacheDir, { recursive: true });
  const work = `${template}.wip`;
  rmSync(work, { recursive: true, force: true });
  progress(options.scope, `building template data directory ${template}`);
  const server = await startBenchServer({ engine: "pglite", dataDir: work });
  try {
    await buildDataset(server, spec, "json", options.scope);
  } finally {
    await server.close();
  }
  for (const entry of readdirSync(cacheDir)) {
    const path = join(cacheDir, entry);
    if (entry.startsWith(`pglite_${keyPrefix(key)}`) && path !== work)
      rmSync(path, { recursive: true, force: true });
  }
  renameSync(work, template);
  const buildSeconds = (performance.now() - started) / 1000;
  progress(options.scope, `template ${template} built in ${buildSeconds.toFixed(1)} s`);
  return { key, template, built: true, buildSeconds };
}

/** A throw-away copy of a template data directory (the caller removes it). */
export function clonePgliteDir(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), "keduo-bench-pglite-"));
  cpSync(template, dir, { recursive: true, filter: (source) => !source.endsWith("keduo.lock") });
  return dir;
}
