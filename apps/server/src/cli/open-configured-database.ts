import type { ServerConfig } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";

/** The database the configuration points at, opened the way the server opens it. */
export function openConfiguredDatabase(config: ServerConfig): Promise<Database> {
  return openDatabase(
    config.databaseUrl
      ? { engine: "postgres", url: config.databaseUrl }
      : { engine: "pglite", dataDir: config.dataDir },
    config.schemaPrefix,
  );
}
