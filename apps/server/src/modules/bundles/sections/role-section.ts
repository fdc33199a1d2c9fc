import { type FieldIssue, isValidApiName, KeduoError, uuidv7, validateRolePermissions } from "@keduo/core";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

/**
 * Roles and their permissions, by API name (`roles.json`). The admin role is every installation's own and
 * holds every right by definition, so it is neither exported nor changed by a bundle.
 */
export function roleSection(): BundleSection {
  return {
    kind: "roles",
    placement: { file: "roles.json", slot: "roles", shape: "map" },
    async exportItems({ trx }) {
      const rows = await trx
        .selectFrom("roles")
        .select(["api_name", "labels", "permissions"])
        .where("api_name", "<>", "admin")
        .orderBy("api_name")
        .execute();
      return rows.map((row) => ({
        key: row.api_name,
        content: { labels: row.labels, permissions: row.permissions } as JsonObject,
      }));
    },
    async apply({ change, now }, item, existing) {
      const issues: FieldIssue[] = [];
      if (!isValidApiName(item.key) || item.key === "admin")
        issues.push({ field: "api_name", code: "invalid_api_name" });
      const { labels, permissions } = item.content;
      const en = (labels as { en?: unknown } | null)?.en;
      const zh = (labels as { "zh-CN"?: unknown } | null)?.["zh-CN"];
      if (typeof en !== "string" || !en || typeof zh !== "string" || !zh)
        issues.push({ field: "labels", code: "required" });
      issues.push(...validateRolePermissions(permissions ?? {}));
      if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
      const values = { labels: JSON.stringify(labels), permissions: JSON.stringify(permissions ?? {}) };
      if (existing) {
        await change.trx.updateTable("roles").set(values).where("api_name", "=", item.key).execute();
      } else {
        await change.trx
          .insertInto("roles")
          .values({ id: uuidv7(), api_name: item.key, is_system: false, created_at: now, ...values })
          .execute();
      }
    },
  };
}
