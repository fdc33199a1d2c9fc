import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { BundlesService } from "../bundles/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { conversionBundleSection } from "./conversion-bundle.ts";
import "./conversion.errors.ts";
import { ConversionService } from "./conversion.service.ts";

export { ConversionService } from "./conversion.service.ts";

/** Record conversion (ADR 0027): a platform action on any object, configured as metadata (a bundle section). */
export function createConversionService(deps: {
  database: Database;
  clock: Clock;
  metadata: MetadataService;
  records: RecordsService;
  bundles: BundlesService;
}): ConversionService {
  const conversion = new ConversionService(deps);
  deps.metadata.guards.register("conversions", {
    beforeObjectDelete: (change, object) => conversion.documents.remove(change.trx, object.apiName),
  });
  deps.bundles.sections.register(conversionBundleSection(conversion));
  return conversion;
}
