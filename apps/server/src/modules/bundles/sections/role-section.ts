import { exportRoles, putRole } from "../../access/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

/**
 * Roles and their permissions, by API name (`roles.json`). The admin role is every installation's own and
 * holds every right by definition, so it is neither exported nor changed by a bundle. Access owns the
 * roles: it reads and checks them (access/portable-config.ts).
 */
export function roleSection(): BundleSection {
  return {
    kind: "roles",
    placement: { file: "roles.json", slot: "roles", shape: "map" },
    async exportItems({ trx }) {
      return (await exportRoles(trx)).map((role) => ({
        key: role.apiName,
        content: { labels: role.labels, permissions: role.permissions } as JsonObject,
      }));
    },
    async apply({ change, now }, item) {
      const { labels, permissions } = item.content;
      await putRole(change.trx, { apiName: item.key, labels, permissions }, now);
    },
  };
}
