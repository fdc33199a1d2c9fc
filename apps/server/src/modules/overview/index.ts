import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { BundlesService } from "../bundles/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { OverviewService } from "./overview.service.ts";
import { overviewBundleSection } from "./overview-bundle.ts";

export { OverviewService } from "./overview.service.ts";

/**
 * Record overviews ("Customer 360", ADR 0027), a platform feature on any object: the definition is metadata
 * (a bundle section), the overview is read through the records service as the reader.
 */
export function createOverviewService(deps: {
  database: Database;
  clock: Clock;
  metadata: MetadataService;
  records: RecordsService;
  bundles: BundlesService;
}): OverviewService {
  const overview = new OverviewService({
    database: deps.database,
    clock: deps.clock,
    metadata: deps.metadata,
    reads: deps.records.reads,
    aggregates: deps.records.aggregates,
  });
  deps.metadata.guards.register("overviews", {
    beforeObjectDelete: (change, object) => overview.remove(change, object.apiName),
  });
  deps.bundles.sections.register(overviewBundleSection({ overview }));
  return overview;
}
