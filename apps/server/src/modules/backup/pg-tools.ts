import { spawn } from "node:child_process";
import { join } from "node:path";

/**
 * pg_dump and pg_restore from the PostgreSQL client tools (Debian: postgresql-client). `KEDUO_PG_BIN_DIR`
 * picks a directory (e.g. /usr/lib/postgresql/16/bin) when several versions are installed.
 */

export class BackupToolError extends Error {
  override name = "BackupToolError";
}

export type PgTool = "pg_dump" | "pg_restore";

export interface PgToolInfo {
  path: string;
  major: number;
}

export function toolPath(tool: PgTool, env: NodeJS.ProcessEnv = process.env): string {
  return env.KEDUO_PG_BIN_DIR ? join(env.KEDUO_PG_BIN_DIR, tool) : tool;
}

/** Finds the tool and its major version, or explains how to install it. */
export async function findPgTool(tool: PgTool, env: NodeJS.ProcessEnv = process.env): Promise<PgToolInfo> {
  const path = toolPath(tool, env);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(path, ["--version"], { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new BackupToolError(
              `${tool} was not found${env.KEDUO_PG_BIN_DIR ? ` in KEDUO_PG_BIN_DIR (${env.KEDUO_PG_BIN_DIR})` : ""}. ` +
                "Backups of a PostgreSQL database need the PostgreSQL client tools: on Debian or Ubuntu " +
                "`apt-get install postgresql-client`, or set KEDUO_PG_BIN_DIR to the directory holding pg_dump and pg_restore.",
            )
          : error,
      ),
    );
    child.on("close", () => resolve(text));
  });
  const match = /(\d+)(?:\.\d+)?/.exec(output.replace(/^[^0-9]*/, ""));
  if (!match)
    throw new BackupToolError(`Could not read the version of ${path} (it printed "${output.trim()}")`);
  return { path, major: Number(match[1]) };
}

/** `pg_dump` refuses servers newer than itself; say so before it fails with a terser message. */
export function assertDumpCanRead(dump: PgToolInfo, serverMajor: number): void {
  if (dump.major < serverMajor) {
    throw new BackupToolError(
      `pg_dump ${dump.major} cannot back up a PostgreSQL ${serverMajor} server: pg_dump's major version must be ` +
        `at least the server's. Install the client tools of version ${serverMajor} or newer ` +
        `(e.g. postgresql-client-${serverMajor} from apt.postgresql.org) and, if several are installed, ` +
        `set KEDUO_PG_BIN_DIR=/usr/lib/postgresql/${serverMajor}/bin.`,
    );
  }
}

/** `pg_restore` reads archives of its own and older versions only. */
export function assertRestoreCanRead(restore: PgToolInfo, dumpMajor: number): void {
  if (restore.major < dumpMajor) {
    throw new BackupToolError(
      `This backup was written by pg_dump ${dumpMajor}; pg_restore ${restore.major} cannot read it. Install the ` +
        `client tools of version ${dumpMajor} or newer and, if several are installed, set ` +
        `KEDUO_PG_BIN_DIR=/usr/lib/postgresql/${dumpMajor}/bin.`,
    );
  }
}

/**
 * Connection arguments for libpq tools: the URL goes on the command line without its password (which
 * `ps` would show), and the password through PGPASSWORD.
 */
export function connectionFor(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The first 20,000 characters a tool writes to a stream (its error messages), for the error it ends with. */
export function collectOutput(stream: NodeJS.ReadableStream | null): () => string {
  let text = "";
  stream?.on("data", (chunk) => {
    if (text.length < 20_000) text += chunk;
  });
  return () => text.trim();
}
