import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import type { Schemas } from "../../db/database.ts";
import {
  lockInstallation,
  type RunSql,
  replacedSchemaName,
  restoreApplicationName,
  restoreMarkerComment,
  settleInterruptedRestore,
} from "../../db/interrupted-restore.ts";
import type { BackupManifest } from "./backup-archive.ts";
import { BackupRefusedError } from "./backup-errors.ts";
import {
  assertRestoreCanRead,
  BackupToolError,
  collectOutput,
  connectionFor,
  findPgTool,
} from "./pg-tools.ts";
import { schemaContents } from "./postgres-backup.ts";
import { holdLastByteForTestAt, pauseForTestAt } from "./test-pause-point.ts";

export interface PostgresRestoreOptions {
  url: string;
  schemas: Schemas;
  manifest: BackupManifest;
  force: boolean;
  /** A fresh read of the (already verified) payload. */
  openPayload: () => Promise<AsyncIterable<Buffer>>;
  /** Tells the operator what settling an earlier, interrupted restore did. */
  say: (message: string) => void;
}

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * Restores with `pg_restore --single-transaction`: all or nothing. With `force`, the current schemas are
 * first renamed to `<name>_replaced_<hex>` with a marker comment, in one transaction; they are dropped after
 * pg_restore committed, or renamed back if it failed. A process killed in between leaves them for the next
 * start (or restore) to settle: rolled back while the backup is not in place, finished once it is
 * (db/interrupted-restore.ts, ADR 0016).
 */
export async function postgresRestore(options: PostgresRestoreOptions): Promise<void> {
  const { url, schemas, manifest } = options;
  const restore = await findPgTool("pg_restore");
  assertRestoreCanRead(restore, manifest.pg_dump_major ?? manifest.postgres_major);
  // One connection for the whole run: its application name tells a concurrent start that a restore runs.
  const applicationName = restoreApplicationName(schemas);
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  try {
    const run: RunSql = async (text, values) => (await client.query(text, values)).rows;
    const recovered = await inTransaction(client, async () => {
      await lockInstallation(run);
      return settleInterruptedRestore(run, schemas);
    });
    if (recovered) options.say(recovered);
    await pauseForTestAt("restore:before-swap");
    const suffix = randomBytes(3).toString("hex");
    const aside = await inTransaction(client, () => renameAside(client, options, suffix));
    await pauseForTestAt("restore:after-rename");
    const failure = await runPgRestore(restore.path, options, applicationName);
    if (!failure) await pauseForTestAt("restore:after-swap");
    await inTransaction(client, async () => {
      await lockInstallation(run);
      for (const name of aside) {
        const old = pg.escapeIdentifier(replacedSchemaName(name, suffix));
        if (!failure) {
          await run(`DROP SCHEMA ${old} CASCADE`);
          continue;
        }
        await run(`ALTER SCHEMA ${old} RENAME TO ${pg.escapeIdentifier(name)}`);
        await run(`COMMENT ON SCHEMA ${pg.escapeIdentifier(name)} IS NULL`);
      }
    });
    if (failure) throw failure;
  } finally {
    await client.end();
  }
}

/** Renames the non-empty installation schemas aside (refused without `force`), drops empty ones. */
async function renameAside(
  client: pg.Client,
  options: PostgresRestoreOptions,
  suffix: string,
): Promise<string[]> {
  const run: RunSql = async (text, values) => (await client.query(text, values)).rows;
  await lockInstallation(run);
  const contents = await schemaContents(client, options.schemas);
  const occupied = [...contents].filter(([, relations]) => relations !== null && relations > 0);
  if (occupied.length && !options.force) {
    throw new BackupRefusedError(
      `This database already holds a Keduo installation (schema ${occupied.map(([name]) => name).join(", ")} is not empty). ` +
        "Restore into an empty database, or add --force to replace the installation with the backup.",
    );
  }
  // What a start needs to tell "the backup got in place" from "it did not" (interrupted-restore.ts).
  const marker = restoreMarkerComment({
    started_at: new Date().toISOString(),
    backup_created_at: new Date(options.manifest.created_at).toISOString(),
    backup_migration: Number(options.manifest.migration),
  });
  for (const [name, relations] of contents) {
    if (relations === null) continue;
    const id = pg.escapeIdentifier(name);
    if (relations === 0) {
      await run(`DROP SCHEMA ${id}`);
      continue;
    }
    const aside = pg.escapeIdentifier(replacedSchemaName(name, suffix));
    await run(`ALTER SCHEMA ${id} RENAME TO ${aside}`);
    await run(`COMMENT ON SCHEMA ${aside} IS ${pg.escapeLiteral(marker)}`);
  }
  return occupied.map(([name]) => name);
}

/** Runs pg_restore on the payload; answers why it failed, or null when it committed. */
async function runPgRestore(
  path: string,
  options: PostgresRestoreOptions,
  applicationName: string,
): Promise<Error | null> {
  const connection = connectionFor(options.url);
  const child = spawn(
    path,
    [
      "--format=custom",
      "--single-transaction",
      "--exit-on-error",
      "--no-owner",
      "--no-privileges",
      `--dbname=${connection.dbname}`,
    ],
    {
      env: { ...process.env, ...connection.env, PGAPPNAME: applicationName },
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  const stderr = collectOutput(child.stderr);
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  const [fed, exited] = await Promise.allSettled([
    (async () =>
      pipeline(
        Readable.from(holdLastByteForTestAt("restore:during-swap", await options.openPayload())),
        child.stdin,
      ))(),
    exit,
  ]);
  // The payload was verified before, so pg_restore's exit decides: it may stop reading before the last
  // bytes (an EPIPE for the feeder), and a failed feed makes pg_restore fail on a truncated archive.
  const code = exited.status === "fulfilled" ? exited.value : null;
  if (code === 0) return null;
  return fed.status === "rejected" && !/EPIPE/.test(String(fed.reason))
    ? (fed.reason as Error)
    : new BackupToolError(`pg_restore failed (exit ${code}); nothing was restored: ${stderr()}`);
}
