import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { DirectoryService } from "../access/index.ts";
import type { BundlesService } from "../bundles/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { AssignmentService } from "./assignment.service.ts";
import { assignmentSection } from "./assignment-section.ts";

export type { AssignContext } from "./assign-records.ts";
export { AssignmentService } from "./assignment.service.ts";

/** Assignment rules (ADR 0033): ordered per object, used by automations and by "assign by rules". */
export function createAssignmentService(deps: {
  database: Database;
  clock: Clock;
  timeZone: string;
  metadata: MetadataService;
  records: RecordsService;
  directory: DirectoryService;
  bundles: BundlesService;
}): AssignmentService {
  const assignment = new AssignmentService(deps);
  deps.bundles.sections.register(assignmentSection({ assignment }));
  return assignment;
}
