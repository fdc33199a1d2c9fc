import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { RecordsService } from "../records/index.ts";
import "./advisor.errors.ts";
import { type AdvisorTuning, IndexAdvisor } from "./advisor.service.ts";

export { type AdvisorTuning, IndexAdvisor } from "./advisor.service.ts";
export type { AdvisorSettings, IndexRow, IndexStatus } from "./advisor-rows.ts";
export type { IndexDefinition } from "./index-candidate.ts";

/**
 * The index advisor (ADR 0034), listening to the records service's reads. `background: false` leaves the
 * rounds to the caller (`runOnce()`), as tests do.
 */
export function createIndexAdvisor(
  deps: { database: Database; clock: Clock; records: RecordsService },
  options: Partial<AdvisorTuning> = {},
): IndexAdvisor {
  const advisor = new IndexAdvisor(deps, options);
  deps.records.readObservers.add(advisor.observe);
  return advisor;
}
