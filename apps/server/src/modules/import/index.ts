import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { AccessService } from "../access/index.ts";
import type { JobQueue } from "../jobs/index.ts";
import type { RecordsService } from "../records/index.ts";
import "./import.errors.ts";
import { ImportService } from "./import.service.ts";
import type { AddOptions } from "./import-context.ts";
import { ImportStore } from "./import-store.ts";

export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from "../../import-limits.ts";
export { ImportService } from "./import.service.ts";

export function createImportService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  access: AccessService;
  records: RecordsService;
  /** The server's job queue; the import registers its queue on it (before it starts). */
  queue: JobQueue;
  addOptions?: AddOptions;
}): ImportService {
  return new ImportService(
    { ...deps, limits: deps.config.importLimits, store: new ImportStore(deps.database.schemas) },
    deps.queue,
  );
}
