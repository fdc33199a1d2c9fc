import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import type { Schemas } from "../../db/database.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import {
  assertDumpCanRead,
  assertRestoreCanRead,
  BackupToolError,
  connectionFor,
  findPgTool,
} from "./pg-tools.ts";

/** A PostgreSQL backup is `pg_dump -Fc` of the Keduo schemas: one MVCC snapshot, servers keep running. */

/** Keduo's schemas: its own tables, the object tables, and the job queue's (db/queue.ts, when it exists). */
function keduoSchemas(schemas: Schemas): string[] {
  return [schemas.system, schemas.workspace, `${schemas.system}_jobs`];
}

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
async function schemaContents(client: pg.Client, schemas: Schemas): Promise<Map<string, number | null>> {
  const names = keduoSchemas(schemas);
  const { rows } = await client.query<{ name: string; relations: number }>(
    `SELECT n.nspname AS name, (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = n.oid) AS relations
       FROM pg_namespace n WHERE n.nspname = ANY($1::text[])`,
    [names],
  );
  const found = new Map<string, number | null>(names.map((name) => [name, null]));
  for (const row of rows) found.set(row.name, row.relations);
  return found;
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = "";
  stream?.on("data", (chunk) => {
    if (text.length < 20_000) text += chunk;
  });
  return () => text.trim();
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
        ...keduoSchemas(schemas).map((name) => `--schema=${name}`),
        `--dbname=${connection.dbname}`,
      ],
      { env: { ...process.env, ...connection.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const stderr = collect(child.stderr);
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

export interface PostgresRestoreOptions {
  url: string;
  schemas: Schemas;
  manifest: BackupManifest;
  force: boolean;
  /** A fresh read of the (already verified) payload. */
  openPayload: () => Promise<AsyncIterable<Buffer>>;
}

/**
 * Restores with `pg_restore --single-transaction`: all or nothing. With `force`, the current schemas are
 * renamed aside first and dropped only after the restore committed, or renamed back if it failed, so a
 * failed restore leaves the installation as it was.
 */
export async function postgresRestore(options: PostgresRestoreOptions): Promise<void> {
  const { url, schemas, manifest } = options;
  const restore = await findPgTool("pg_restore");
  assertRestoreCanRead(restore, manifest.pg_dump_major ?? manifest.postgres_major);
  const suffix = `_replaced_${randomBytes(3).toString("hex")}`;
  const aside = await withClient(url, async (client) => {
    const contents = await schemaContents(client, schemas);
    const occupied = [...contents].filter(([, relations]) => relations !== null && relations > 0);
    if (occupied.length && !options.force) {
      throw new BackupRefusedError(
        `This database already holds a Keduo installation (schema ${occupied.map(([name]) => name).join(", ")} is not empty). ` +
          "Restore into an empty database, or add --force to replace the installation with the backup.",
      );
    }
    await client.query("BEGIN");
    for (const [name, relations] of contents) {
      if (relations === null) continue;
      const id = pg.escapeIdentifier(name);
      await client.query(
        relations > 0
          ? `ALTER SCHEMA ${id} RENAME TO ${pg.escapeIdentifier(name + suffix)}`
          : `DROP SCHEMA ${id}`,
      );
    }
    await client.query("COMMIT");
    return occupied.map(([name]) => name);
  });

  const connection = connectionFor(url);
  const child = spawn(
    restore.path,
    [
      "--format=custom",
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--no-privileges",
      `--dbname=${connection.dbname}`,
    ],
    { env: { ...process.env, ...connection.env }, stdio: ["pipe", "ignore", "pipe"] },
  );
  const stderr = collect(child.stderr);
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const [fed, exited] = await Promise.allSettled([
    (async () => pipeline(Readable.from(await options.openPayload()), child.stdin))(),
    exit,
  ]);
  // The payload was verified before, so pg_restore's exit decides: it may stop reading before the last
  // bytes (an EPIPE for the feeder), and a failed feed makes pg_restore fail on a truncated archive.
  const code = exited.status === "fulfilled" ? exited.value : null;
  const failure =
    code === 0
      ? null
      : fed.status === "rejected" && !/EPIPE/.test(String(fed.reason))
        ? (fed.reason as Error)
        : new BackupToolError(`pg_restore failed (exit ${code}); nothing was restored: ${stderr()}`);

  await withClient(url, async (client) => {
    await client.query("BEGIN");
    for (const name of aside) {
      const old = pg.escapeIdentifier(name + suffix);
      await client.query(
        failure ? `ALTER SCHEMA ${old} RENAME TO ${pg.escapeIdentifier(name)}` : `DROP SCHEMA ${old} CASCADE`,
      );
    }
    await client.query("COMMIT");
  });
  if (failure) throw failure;
}
