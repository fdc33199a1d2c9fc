import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { AccessService } from "../access/index.ts";
import type { FileStorage } from "../files/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import "./records.errors.ts";
import { RecordsService } from "./records.service.ts";

export { ActingWrites, type WriteActor, type WriteReason } from "./acting-writes.ts";
export type { HookPlacement } from "./hook-order.ts";
export { ifMatchVersion } from "./if-match.ts";
export { parseSort } from "./keyset.ts";
export type { ObservedRead, ReadObserver } from "./read-observers.ts";
export { RecordsService } from "./records.service.ts";
export {
  type PendingRecord,
  WRITE_STAGES,
  type WriteContext,
  type WriteHook,
  type WriteOperation,
  type WriteStage,
} from "./write-pipeline.ts";

export function createRecordsService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
  access: AccessService;
  files: FileStorage;
}): RecordsService {
  return new RecordsService(deps);
}
