import type { ConversionDefinition } from "@keduo/core";
import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { ConversionService } from "./conversion.service.ts";

/** An object's conversion in its bundle file (`objects/<object>.json`, slot `conversion`). */
export function conversionBundleSection(conversion: ConversionService): BundleSection {
  return {
    kind: "conversions",
    placement: { file: "object", slot: "conversion", shape: "single" },
    async exportItems({ trx }) {
      return [...(await conversion.documents.load(trx))].map(([object, definition]) => ({
        key: object,
        content: definition as unknown as JsonObject,
      }));
    },
    async apply({ change }, item) {
      await conversion.inChange(change, item.key, item.content as unknown as ConversionDefinition);
    },
  };
}
