import pg from "pg";
import { installationSchemas, type Schemas } from "./database.ts";

/**
 * A restore with --force on PostgreSQL goes through three transactions (ADR 0016): the live schemas are
 * renamed to `<name>_replaced_<hex>` (with a marker comment), pg_restore creates the backup's schemas in one
 * transaction of its own, then the replaced schemas are dropped. A process killed between them leaves
 * replaced schemas behind. Whatever opens the installation next (start, migrate, restore) settles that
 * first, before anything could create a fresh installation: rolled back when the backup never got in place,
 * finished when it did, refused when that cannot be told.
 */

/** Migrations, restores and their recovery change which schemas make up the installation: one lock for all. */
const INSTALLATION_LOCK_KEY = 4_242_001;

/** Runs one statement in the caller's transaction and answers its rows. */
export type RunSql = (text: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export async function lockInstallation(run: RunSql): Promise<void> {
  await run("SELECT pg_advisory_xact_lock($1)", [INSTALLATION_LOCK_KEY]);
}

/** A restore's renamed schema, and what it says about the restore that renamed it. */
const REPLACED = /^(.+)_replaced_([0-9a-f]+)$/;
const MARKER_PREFIX = "keduo-restore ";

export interface RestoreMarker {
  started_at: string;
  backup_created_at: string;
  backup_migration: number;
}

export function replacedSchemaName(name: string, suffix: string): string {
  return `${name}_replaced_${suffix}`;
}

/** The comment a restore puts on the schemas it renamed aside, in the transaction that renames them. */
export function restoreMarkerComment(marker: RestoreMarker): string {
  return MARKER_PREFIX + JSON.stringify(marker);
}

function parseMarker(comment: unknown): RestoreMarker | null {
  if (typeof comment !== "string" || !comment.startsWith(MARKER_PREFIX)) return null;
  try {
    const marker = JSON.parse(comment.slice(MARKER_PREFIX.length)) as RestoreMarker;
    return typeof marker.backup_migration === "number" ? marker : null;
  } catch {
    return null;
  }
}

/** The connections of a running restore (its own and pg_restore's) carry this application name. */
export function restoreApplicationName(schemas: Schemas): string {
  // PostgreSQL keeps the first 63 bytes (NAMEDATALEN - 1); schema names are ASCII.
  return `keduo-restore ${schemas.system}`.slice(0, 63);
}

/** An unfinished restore Keduo must not guess about: the message names the schemas and what to do. */
export class UnfinishedRestoreError extends Error {
  override name = "UnfinishedRestoreError";
}

/** A restore is still connected: wait for it (the caller retries for a while) rather than touch its schemas. */
export class RestoreRunningError extends UnfinishedRestoreError {
  override name = "RestoreRunningError";
}

interface SchemaRow {
  name: string;
  relations: number;
  comment: string | null;
}

const ident = (name: string) => pg.escapeIdentifier(name);

/** The newest migration of the installation in `schemas.system`, or null when it has none. */
async function migrationOf(run: RunSql, schemas: Schemas): Promise<number | null> {
  const table = `${ident(schemas.system)}.migrations`;
  const [exists] = await run("SELECT to_regclass($1) IS NOT NULL AS found", [table]);
  if (!exists?.found) return null;
  const [row] = await run(`SELECT max(id) AS id FROM ${table}`);
  return row?.id === null || row?.id === undefined ? null : Number(row.id);
}

/**
 * Settles an interrupted restore of `schemas`, in the caller's transaction (which must hold
 * `lockInstallation`). Answers what it did, for the log, or null when there was nothing to settle.
 */
export async function settleInterruptedRestore(run: RunSql, schemas: Schemas): Promise<string | null> {
  const owned = installationSchemas(schemas);
  const rows = (await run(
    `SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment,
            (SELECT count(*)::int FROM pg_class c WHERE c.relnamespace = n.oid) AS relations
       FROM pg_namespace n
      WHERE n.nspname = ANY($1::text[]) OR n.nspname ~ '_replaced_[0-9a-f]+$'`,
    [owned],
  )) as unknown as SchemaRow[];
  const replaced = rows.flatMap((row) => {
    const match = REPLACED.exec(row.name);
    return match && owned.includes(match[1]!) ? [{ ...row, base: match[1]!, suffix: match[2]! }] : [];
  });
  if (!replaced.length) return null;

  const running = await run(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
    [restoreApplicationName(schemas)],
  );
  if (running.length) {
    const pids = running.map((row) => row.pid).join(", ");
    throw new RestoreRunningError(
      `A restore is still running on this database (PostgreSQL backend ${pids}). Wait for it to finish, ` +
        `or end it (SELECT pg_terminate_backend(<pid>)), then try again.`,
    );
  }

  const live = new Map(rows.filter((row) => owned.includes(row.name)).map((row) => [row.name, row]));
  const replacedNames = replaced.map((row) => row.name);
  const liveNames = [...live.values()].filter((row) => row.relations > 0).map((row) => row.name);
  const suffixes = new Set(replaced.map((row) => row.suffix));
  const marker = parseMarker(replaced.find((row) => row.base === schemas.system)?.comment);
  const which = marker ? ` of the backup of ${marker.backup_created_at}` : "";
  const systemLive = (live.get(schemas.system)?.relations ?? 0) > 0;

  if (suffixes.size === 1 && !systemLive) {
    // pg_restore commits all its schemas together or none: the backup never got in place. What is in the
    // replaced schemas is the installation from before the restore; an empty live schema is not data.
    const blocking = replaced.filter((row) => (live.get(row.base)?.relations ?? 0) > 0);
    if (!blocking.length) {
      for (const row of replaced) {
        if (live.has(row.base)) await run(`DROP SCHEMA ${ident(row.base)}`);
        await run(`ALTER SCHEMA ${ident(row.name)} RENAME TO ${ident(row.base)}`);
        await run(`COMMENT ON SCHEMA ${ident(row.base)} IS NULL`);
      }
      return (
        `A restore${which} was interrupted before the backup was in place: rolled it back. ` +
        `The installation from before the restore is in use again (schemas ${replacedNames.join(", ")} ` +
        `renamed back to ${replaced.map((row) => row.base).join(", ")}).`
      );
    }
  }

  if (suffixes.size === 1 && systemLive && marker) {
    // The backup's schemas are in place; finished unless something else (a migration) touched them since.
    if ((await migrationOf(run, schemas)) === marker.backup_migration) {
      for (const row of replaced) await run(`DROP SCHEMA ${ident(row.name)} CASCADE`);
      return (
        `A restore${which} was interrupted after the backup was in place: finished it. ` +
        `The installation is the backup; dropped the replaced schemas ${replacedNames.join(", ")}.`
      );
    }
  }

  const keep = replacedNames.map((name) => `DROP SCHEMA ${ident(name)} CASCADE;`).join(" ");
  const back = [
    ...liveNames.map((name) => `DROP SCHEMA ${ident(name)} CASCADE;`),
    ...replaced.map((row) => `ALTER SCHEMA ${ident(row.name)} RENAME TO ${ident(row.base)};`),
  ].join(" ");
  throw new UnfinishedRestoreError(
    `This database holds ${replacedNames.join(", ")}: schemas renamed aside by a restore that did not finish, ` +
      `beside the installation in ${liveNames.join(", ") || "(none)"}. Keduo cannot tell which one to keep, ` +
      "so it changes nothing and does not start. " +
      (suffixes.size === 1
        ? `To keep the current installation: ${keep} To go back to the renamed one instead: ${back}`
        : "They come from several restores: keep the set you want (rename it to the names without " +
          "_replaced_<hex>), drop the others.") +
      " Then start Keduo again.",
  );
}
