import type { Clock } from "@keduo/core";
import type { Schemas } from "../../../db/database.ts";
import type { MetadataService } from "../../metadata/index.ts";
import type { BundleSection } from "../bundle-section.ts";
import { fieldSection } from "./field-section.ts";
import { layoutSection } from "./layout-section.ts";
import { objectSection } from "./object-section.ts";
import { roleSection } from "./role-section.ts";
import { ruleSection } from "./rule-section.ts";
import { sharingSection } from "./sharing-section.ts";
import { viewSection } from "./view-section.ts";

/**
 * The kinds of configuration the platform itself has, in apply order: objects before their fields, fields
 * before what names them, roles before the sharing rules that grant to them.
 */
export function platformSections(deps: {
  metadata: MetadataService;
  schemas: Schemas;
  clock: Clock;
  timeZone: string;
}): BundleSection[] {
  return [
    objectSection(deps.metadata),
    fieldSection(deps.metadata),
    layoutSection(deps.schemas),
    ruleSection(),
    viewSection(deps),
    roleSection(),
    sharingSection(deps),
  ];
}
