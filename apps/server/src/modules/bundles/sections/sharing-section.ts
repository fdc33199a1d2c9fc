import { type Clock, zonedDate } from "@keduo/core";
import type { Schemas } from "../../../db/database.ts";
import { exportSharingRules, putSharingRule } from "../../access/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

/**
 * Sharing rules (`sharing.json`), by object and name: records matching a filter shared with a role or a
 * department, named by API name or name. Org-wide defaults are part of each object's own settings. Roles
 * come before this section, so a rule may grant to a role the same bundle adds. Access owns the rules
 * (access/portable-config.ts).
 */
export function sharingSection(deps: { schemas: Schemas; clock: Clock; timeZone: string }): BundleSection {
  return {
    kind: "sharing_rules",
    placement: { file: "sharing.json", slot: "sharing_rules", shape: "map" },
    async exportItems({ trx }) {
      return (await exportSharingRules(trx)).map((rule) => ({
        key: `${rule.object}.${rule.name}`,
        content: {
          filter: rule.filter,
          grantee: rule.grantee,
          access: rule.access,
          include_subdepartments: rule.include_subdepartments,
        } as JsonObject,
      }));
    },
    async apply({ change, now }, item) {
      const dot = item.key.indexOf(".");
      const { filter, grantee, access, include_subdepartments } = item.content;
      await putSharingRule(
        change.trx,
        {
          object: item.key.slice(0, dot),
          name: item.key.slice(dot + 1),
          filter,
          grantee,
          access,
          include_subdepartments,
        },
        {
          snapshot: change.snapshot,
          schemas: deps.schemas,
          today: zonedDate(deps.clock.now(), deps.timeZone),
          timeZone: deps.timeZone,
          now,
        },
      );
    },
  };
}
