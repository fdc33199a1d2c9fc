import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { systemClock } from "@keduo/core";
import { loadConfig, type ServerConfig } from "../config.ts";
import { DataDirLockedError } from "../db/data-dir-lock.ts";
import { openDatabase, schemasFor } from "../db/database.ts";
import {
  BackupRefusedError,
  backupFileName,
  backupStream,
  encryptStream,
  fetchServerBackup,
  hasPgliteData,
  pgliteSnapshot,
  postgresBackup,
  readPassphrase,
  verifyBackupFile,
  writeBackupFile,
} from "../modules/backup/index.ts";

export interface BackupCommandOptions {
  file?: string;
  passphraseFile?: string;
  force?: boolean;
  url?: string;
  tokenFile?: string;
}

async function apiToken(options: BackupCommandOptions): Promise<string | null> {
  if (options.tokenFile) {
    try {
      return (await readFile(options.tokenFile, "utf8")).trim();
    } catch (error) {
      throw new BackupRefusedError(`Cannot read the token file: ${(error as Error).message}`);
    }
  }
  return process.env.KEDUO_API_TOKEN || null;
}

function serverUrl(config: ServerConfig, options: BackupCommandOptions): string {
  if (options.url) return options.url;
  if (process.env.KEDUO_URL) return process.env.KEDUO_URL;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

/** The embedded database: a snapshot taken here when no server runs, else through the running server. */
async function pgliteBackup(config: ServerConfig, options: BackupCommandOptions, passphrase: string | null) {
  if (!hasPgliteData(config.dataDir)) {
    throw new BackupRefusedError(
      `There is no Keduo database in ${resolve(config.dataDir)} (KEDUO_DATA_DIR) to back up.`,
    );
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ engine: "pglite", dataDir: config.dataDir }, config.schemaPrefix);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const token = await apiToken(options);
    if (!token) {
      throw new BackupRefusedError(
        `${error.message}\nOnly the running server may read its embedded database. Either stop it and run ` +
          "`keduo backup` again, or let the server make the backup: create an API token for an administrator " +
          "and run `KEDUO_API_TOKEN=<token> keduo backup` (or --token-file <file>; --url if the server is not " +
          "at HOST:PORT), or call POST /api/admin/backup yourself.",
      );
    }
    const url = serverUrl(config, options);
    console.log(`The data directory is in use; asking the running Keduo at ${url} for the backup.`);
    const archive = await fetchServerBackup(url, token);
    return passphrase ? encryptStream(archive, passphrase) : archive;
  }
  for (const note of database.recovered) console.log(note);
  try {
    const source = await pgliteSnapshot({ database, dataDir: config.dataDir, now: systemClock.now() });
    return backupStream(source.manifest, source.payload, passphrase);
  } finally {
    // The snapshot is a private copy by now: the database can close before it is archived.
    await database.close();
  }
}

export async function backupCommand(options: BackupCommandOptions): Promise<void> {
  const config = loadConfig();
  const passphrase = await readPassphrase(options.passphraseFile);
  const file = resolve(options.file ?? backupFileName(systemClock.now()));
  if (existsSync(file) && !options.force) {
    throw new BackupRefusedError(
      `${file} already exists; choose another name or add --force to overwrite it.`,
    );
  }
  let stream: AsyncIterable<Buffer>;
  if (config.databaseUrl) {
    const source = await postgresBackup({
      url: config.databaseUrl,
      schemas: schemasFor(config.schemaPrefix),
      now: systemClock.now(),
    });
    stream = backupStream(source.manifest, source.payload, passphrase);
  } else {
    stream = await pgliteBackup(config, options, passphrase);
  }
  await writeBackupFile(file, stream);
  // Read it back: a backup that does not verify is worse than none, because it is trusted.
  const manifest = await verifyBackupFile(file, passphrase);
  const size = (statSync(file).size / (1024 * 1024)).toFixed(1);
  console.log(
    `Backup written to ${file} (${size} MiB, ${manifest.engine === "pglite" ? "embedded database" : "PostgreSQL"}, ` +
      `migration ${manifest.migration}, ${passphrase ? "encrypted" : "NOT encrypted"}) and verified.`,
  );
  if (!passphrase) {
    console.log(
      "It holds every record and password hash: keep it private, or encrypt with --passphrase-file.",
    );
  }
}
