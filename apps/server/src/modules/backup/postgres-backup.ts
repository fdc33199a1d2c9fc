import { spawn } from "node:child_process";
import pg from "pg";
import { installationSchemas, type Schemas } from "../../db/database.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import { assertDumpCanRead, BackupToolError, collectOutput, connectionFor, findPgTool } from "./pg-tools.ts";

/** A PostgreSQL backup is `pg_dump -Fc` of the Keduo schemas: one MVCC snapshot, servers keep running. */

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10_000);
}

/** Relations per Keduo schema (null when the schema does not exist). */
export async function schemaContents(
  client: pg.Client,
  schemas: Schemas,
): Promise<Map<string, number | null>> {
  const names = installationSchemas(schemas);
  const { rows } = await client.query<{ name: string; relations: number }>(
    `SELECT n.nspname AS name, (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = n.oid) AS relations
       FROM pg_namespace n WHERE n.nspname = ANY($1::text[])`,
    [names],
  );
  const found = new Map<string, number | null>(names.map((name) => [name, null]));
  for (const row of rows) found.set(row.name, row.relations);
  return found;
}

export async function postgresBackup(options: {
  url: string;
  schemas: Schemas;
  now: Date;
}): Promise<{ manifest: BackupManifest; payload: AsyncIterable<Buffer> }> {
  const { url, schemas } = options;
  const dump = await findPgTool("pg_dump");
  const { major, migration } = await withClient(url, async (client) => {
    const contents = await schemaContents(client, schemas);
    if (!contents.get(schemas.system)) {
      throw new BackupRefusedError(
        `There is no Keduo installation in this database to back up (schema ${schemas.system} is missing or empty).`,
      );
    }
    const { rows } = await client.query<{ id: number | null }>(
      `SELECT max(id) AS id FROM ${pg.escapeIdentifier(schemas.system)}.migrations`,
    );
    return { major: await serverMajor(client), migration: rows[0]?.id ?? 0 };
  });
  assertDumpCanRead(dump, major);
  const manifest: BackupManifest = {
    format: "keduo-backup",
    created_at: options.now.toISOString(),
    engine: "postgres",
    payload: "pg_dump-custom",
    schemas,
    migration,
    postgres_major: major,
    pg_dump_major: dump.major,
  };
  const connection = connectionFor(url);
  async function* payload(): AsyncGenerator<Buffer> {
    // No owners or grants: the archive restores under whatever role the target DATABASE_URL uses.
    const child = spawn(
      dump.path,
      [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        ...installationSchemas(schemas).map((name) => `--schema=${name}`),
        `--dbname=${connection.dbname}`,
      ],
      { env: { ...process.env, ...connection.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const stderr = collectOutput(child.stderr);
    const exit = new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    let complete = false;
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
      complete = true;
    } finally {
      // Only a consumer that stopped early (or failed) ends pg_dump; a finished one is left to exit.
      if (!complete && child.exitCode === null) child.kill();
    }
    const code = await exit;
    if (code !== 0) throw new BackupToolError(`pg_dump failed (exit ${code}): ${stderr()}`);
  }
  return { manifest, payload: payload() };
}
