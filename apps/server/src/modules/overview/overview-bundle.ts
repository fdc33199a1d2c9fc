import type { OverviewDefinition } from "@keduo/core";
import type { Db, Schemas } from "../../db/database.ts";
import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { OverviewService } from "./overview.service.ts";
import { loadOverviews } from "./overview-rows.ts";

/** An object's overview in its bundle file (`objects/<object>.json`, slot `overview`), applied after fields. */
export function overviewBundleSection(deps: { overview: OverviewService; schemas: Schemas }): BundleSection {
  return {
    kind: "overviews",
    placement: { file: "object", slot: "overview", shape: "single" },
    async exportItems({ trx }) {
      const definitions = await loadOverviews(trx as unknown as Db, deps.schemas);
      return [...definitions].map(([object, definition]) => ({
        key: object,
        content: definition as unknown as JsonObject,
      }));
    },
    async apply({ change }, item) {
      await deps.overview.inChange(change, item.key, item.content as unknown as OverviewDefinition);
    },
  };
}
