import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import { layoutsGuard } from "./layout-guard.ts";
import "./layouts.errors.ts";
import { LayoutsService } from "./layouts.service.ts";

export type { FormLayout, LayoutItem, LayoutSection } from "./layout.ts";
export { loadLayout, saveLayout } from "./layout-rows.ts";
export { LayoutsService } from "./layouts.service.ts";
export { resolveLayoutInput } from "./resolve-layout-input.ts";

/** Form layouts; creating the service registers the guard that deletes an object's layout with the object. */
export function createLayoutsService(deps: {
  database: Database;
  clock: Clock;
  metadata: MetadataService;
}): LayoutsService {
  deps.metadata.guards.register("layouts", layoutsGuard(deps.database.schemas));
  return new LayoutsService(deps);
}
