import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { AutomationInput } from "./automation-check.ts";
import { loadAutomations } from "./automation-rows.ts";
import type { AutomationsService } from "./automations.service.ts";

/**
 * Automations in a bundle, by API name within their object (`objects/<object>.json`, slot `automations`).
 * Applied after every other kind (they name fields, roles and the task object); whether one is enabled is
 * part of it, so a template ships its processes switched on.
 */
export function automationSection(deps: {
  automations: AutomationsService;
  schemas: Parameters<typeof loadAutomations>[1];
}): BundleSection {
  return {
    kind: "automations",
    placement: { file: "object", slot: "automations", shape: "map" },
    async exportItems({ trx }) {
      const automations = await loadAutomations(trx, deps.schemas);
      return automations.map((a) => ({
        key: `${a.object}.${a.api_name}`,
        content: {
          labels: a.labels,
          description: a.description,
          enabled: a.enabled,
          trigger: a.trigger,
          condition: a.condition,
          actions: a.actions,
          run_as: a.run_as,
        } as unknown as JsonObject,
      }));
    },
    async apply({ change }, item, existing) {
      const dot = item.key.indexOf(".");
      const [objectName, apiName] = [item.key.slice(0, dot), item.key.slice(dot + 1)];
      const input = { ...(item.content as unknown as AutomationInput), api_name: apiName };
      await deps.automations.inChange(change, objectName, existing ? apiName : null, input);
    },
  };
}
