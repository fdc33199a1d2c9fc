import type { OverviewDefinition } from "@keduo/core";
import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { OverviewService } from "./overview.service.ts";

/** An object's overview in its bundle file (`objects/<object>.json`, slot `overview`), applied after fields. */
export function overviewBundleSection(deps: { overview: OverviewService }): BundleSection {
  return {
    kind: "overviews",
    placement: { file: "object", slot: "overview", shape: "single" },
    async exportItems({ trx }) {
      const definitions = await deps.overview.documents.load(trx);
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
