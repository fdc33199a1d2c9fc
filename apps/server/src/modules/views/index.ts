import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { MetadataGuard, MetadataService } from "../metadata/index.ts";
import { deleteViews } from "./view-rows.ts";
import "./views.errors.ts";
import { ViewsService } from "./views.service.ts";

export { assertDefinition, type DefinitionScope } from "./view-definition.ts";
export { insertView, loadSharedViews, nameTaken, type StoredView, updateView } from "./view-rows.ts";
export { ViewsService } from "./views.service.ts";

/**
 * Views of a deleted object go with it. A deleted (hidden) field is never refused for a view's sake: views
 * leave out what no longer exists when they are served.
 */
const viewsGuard: MetadataGuard = {
  async beforeObjectDelete(change, object) {
    await deleteViews(change.trx, { object: object.apiName });
  },
};

export function createViewsService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
}): ViewsService {
  deps.metadata.guards.register("list.views", viewsGuard);
  return new ViewsService(deps);
}
