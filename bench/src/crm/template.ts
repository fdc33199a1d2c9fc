import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readTemplate } from "../../../apps/server/src/modules/templates/index.ts";
import {
  createDatabase,
  databaseExists,
  databaseUrl,
  dropDatabase,
  listDatabases,
  renameDatabase,
  withClient,
} from "../lib/postgres.ts";
import { formatCount, progress } from "../lib/progress.ts";
import { benchAdmin, startBenchServer } from "../lib/server.ts";
import { fillCrm } from "./dataset.ts";
import { BIG_ACCOUNT, type CrmSizes, SMALL_ACCOUNT } from "./sizes.ts";

/** Sales reps owning the records (the first one also owns the two measured accounts). */
const REPS = 30;

export interface CrmTemplate {
  template: string;
  built: boolean;
  buildSeconds: number;
  /** Seconds per build step (bundle apply, users, each fill, vacuum). */
  steps: Record<string, number>;
  records: number;
}

/** What the stored data set depends on: the generator, the CRM template, schema sync, the sizes. */
function keyOf(sizes: CrmSizes, files: Record<string, string>): string {
  const hash = createHash("sha256");
  hash.update(`${benchAdmin.email}\u0000${JSON.stringify(sizes)}\u0000${JSON.stringify(files)}`);
  for (const file of ["./dataset.ts", "./sizes.ts", "./template.ts"])
    hash.update(readFileSync(new URL(file, import.meta.url)));
  const dir = new URL("../../../apps/server/src/modules/schema-sync/", import.meta.url);
  for (const file of readdirSync(dir).sort()) hash.update(readFileSync(new URL(file, dir)));
  const size = sizes.opportunity >= 100_000 ? "1m" : "100k";
  return `crm_${size}_${hash.digest("hex").slice(0, 10)}`;
}

/**
 * A PostgreSQL template database with the CRM template applied through the bundle API, 30 sales reps created
 * through the users API, and ~1,000,000 records generated in SQL, vacuumed and analyzed; built in a work
 * database renamed when complete, reused while its key holds.
 */
export async function prepareCrmTemplate(
  sizes: CrmSizes,
  options: { rebuild: boolean; scope: string },
): Promise<CrmTemplate> {
  const files = await readTemplate("crm");
  const key = keyOf(sizes, files);
  const template = `keduo_bench_tpl_${key}`;
  if (!options.rebuild && (await databaseExists(template))) {
    progress(options.scope, `reusing template database ${template}`);
    return { template, built: false, buildSeconds: 0, steps: {}, records: await countRecords(template) };
  }
  const started = performance.now();
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = (steps[name] ?? 0) + (now - mark) / 1000;
    mark = now;
  };
  const work = `keduo_bench_wip_${key}`;
  progress(options.scope, `building template database ${template}`);
  await dropDatabase(work);
  await createDatabase(work);
  const server = await startBenchServer({ engine: "postgres", url: databaseUrl(work) });
  const owners: string[] = [];
  let schemas: { workspace: string; system: string };
  try {
    step("start an empty installation");
    await server.api.expect("POST", "/api/admin/bundle/apply", { files }, 200);
    step("apply templates/crm (bundle API)");
    for (let i = 0; i < REPS; i++) {
      const created = await server.api.expect<{ user: { id: string } }>(
        "POST",
        "/api/users",
        {
          email: `rep${String(i).padStart(2, "0")}@keduo.local`,
          name: `销售${i}`,
          password: benchAdmin.password,
          roles: ["sales_rep"],
        },
        201,
      );
      owners.push(created.user.id);
    }
    step(`create ${REPS} sales reps (users API)`);
    schemas = server.database.schemas;
  } finally {
    await server.close();
  }
  await withClient(databaseUrl(work), async (client) => {
    let current = "";
    await fillCrm(client, schemas, owners, sizes, (next) => {
      if (current) step(`insert ${current}`);
      current = next;
      progress(options.scope, `inserting ${next}`);
    });
    step(`insert ${current}`);
    progress(options.scope, "VACUUM (ANALYZE)");
    await client.query("VACUUM (ANALYZE)");
    step("VACUUM (ANALYZE)");
  });
  for (const stale of await listDatabases(`keduo_bench_tpl_${key.slice(0, key.lastIndexOf("_") + 1)}`))
    await dropDatabase(stale);
  await renameDatabase(work, template);
  const buildSeconds = (performance.now() - started) / 1000;
  const records = await countRecords(template);
  progress(
    options.scope,
    `template ${template}: ${formatCount(records)} records in ${buildSeconds.toFixed(1)} s`,
  );
  return { template, built: true, buildSeconds, steps, records };
}

/** Rows of every workspace table, as the build's ANALYZE counted them (kept in the catalog by clones). */
async function countRecords(database: string): Promise<number> {
  return withClient(databaseUrl(database), async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT coalesce(sum(c.reltuples), 0)::bigint AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE c.relkind = 'r' AND s.nspname LIKE 'ws\\_%'`,
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** The ids of the two measured accounts in a database built from the template. */
export async function measuredAccounts(
  pool: { query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }> },
  workspace: string,
): Promise<{ big: string; small: string }> {
  const { rows } = await pool.query<{ id: string; name: string }>(
    `SELECT id, name FROM "${workspace}".account WHERE name = ANY($1::text[])`,
    [[BIG_ACCOUNT.name, SMALL_ACCOUNT.name]],
  );
  const idOf = (name: string) => {
    const id = rows.find((r) => r.name === name)?.id;
    if (!id) throw new Error(`no account named ${name} in the bench database`);
    return id;
  };
  return { big: idOf(BIG_ACCOUNT.name), small: idOf(SMALL_ACCOUNT.name) };
}
