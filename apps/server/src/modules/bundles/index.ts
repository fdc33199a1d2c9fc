import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import { BundleSections } from "./bundle-section.ts";
import "./bundles.errors.ts";
import { BundlesService } from "./bundles.service.ts";
import { platformSections } from "./sections/index.ts";

export type { BundleFiles } from "./bundle-files.ts";
export { BUNDLE_LIMITS, MANIFEST } from "./bundle-files.ts";
export { readBundleFolder, writeBundleFolder } from "./bundle-folder.ts";
export type {
  ApplyContext,
  BundleItem,
  BundleSection,
  JsonObject,
  Placement,
  ReadContext,
} from "./bundle-section.ts";
export { type BundlePlan, BundlesService } from "./bundles.service.ts";
export { loadBundleInstalls } from "./install-records.ts";

/**
 * Bundles (ADR 0022). The platform's own kinds are registered here; a module that adds a kind of
 * configuration registers its section on `service.sections` at startup.
 */
export function createBundlesService(deps: {
  database: Database;
  clock: Clock;
  timeZone: string;
  metadata: MetadataService;
}): BundlesService {
  const sections = new BundleSections();
  for (const section of platformSections({ ...deps, schemas: deps.database.schemas }))
    sections.register(section);
  return new BundlesService({ ...deps, sections });
}
