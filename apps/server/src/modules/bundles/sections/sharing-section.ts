import { type Clock, type FieldIssue, KeduoError, uuidv7, zonedDate } from "@keduo/core";
import type { Schemas, Trx } from "../../../db/database.ts";
import { compileFilter } from "../../filter-sql/index.ts";
import { modelOrThrow } from "../../metadata/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

type Grantee = { role: string } | { department: string };

/** A grantee by a name that means the same in every installation: a role's API name or a department's name. */
async function granteeName(trx: Trx, kind: string, id: string): Promise<Grantee | null> {
  if (kind === "role") {
    const row = await trx.selectFrom("roles").select("api_name").where("id", "=", id).executeTakeFirst();
    return row ? { role: row.api_name } : null;
  }
  const row = await trx.selectFrom("departments").select("name").where("id", "=", id).executeTakeFirst();
  return row ? { department: row.name } : null;
}

async function granteeId(
  trx: Trx,
  grantee: unknown,
): Promise<{ kind: "role" | "department"; id: string } | null> {
  const named = (grantee ?? {}) as Partial<Record<"role" | "department", unknown>>;
  if (typeof named.role === "string") {
    const row = await trx
      .selectFrom("roles")
      .select("id")
      .where("api_name", "=", named.role)
      .executeTakeFirst();
    return row ? { kind: "role", id: row.id } : null;
  }
  if (typeof named.department === "string") {
    const rows = await trx
      .selectFrom("departments")
      .select("id")
      .where("name", "=", named.department)
      .execute();
    // A department name that is ambiguous names no one.
    return rows.length === 1 && rows[0] ? { kind: "department", id: rows[0].id } : null;
  }
  return null;
}

/**
 * Sharing rules (`sharing.json`), by object and name: records matching a filter shared with a role or a
 * department. Org-wide defaults are part of each object's own settings. Roles come before this section, so
 * a rule may grant to a role the same bundle adds.
 */
export function sharingSection(deps: { schemas: Schemas; clock: Clock; timeZone: string }): BundleSection {
  return {
    kind: "sharing_rules",
    placement: { file: "sharing.json", slot: "sharing_rules", shape: "map" },
    async exportItems({ trx }) {
      const rows = await trx
        .selectFrom("sharing_rules")
        .selectAll()
        .orderBy("object")
        .orderBy("name")
        .execute();
      const items = [];
      for (const row of rows) {
        const grantee = await granteeName(trx, row.grantee_kind, row.grantee_id);
        items.push({
          key: `${row.object}.${row.name}`,
          content: {
            filter: row.filter,
            grantee,
            access: row.access,
            include_subdepartments: row.include_subdepartments,
          } as JsonObject,
        });
      }
      return items;
    },
    async apply({ change, now }, item, existing) {
      const dot = item.key.indexOf(".");
      const [object, name] = [item.key.slice(0, dot), item.key.slice(dot + 1)];
      const { filter, grantee, access, include_subdepartments } = item.content;
      const model = modelOrThrow(change.snapshot, object);
      const today = zonedDate(deps.clock.now(), deps.timeZone);
      compileFilter(filter, {
        fields: model.queryable,
        schemas: deps.schemas,
        alias: "t",
        today,
        timeZone: deps.timeZone,
      });
      const issues: FieldIssue[] = [];
      const target = await granteeId(change.trx, grantee);
      if (!target)
        issues.push({
          field: "grantee",
          code: "invalid_reference",
          params: { value: JSON.stringify(grantee) },
        });
      if (access !== "read" && access !== "edit")
        issues.push({ field: "access", code: "invalid_option", params: { value: String(access) } });
      if (!name || name.length > 100) issues.push({ field: "name", code: "too_long", params: { max: 100 } });
      if (issues.length || !target) throw new KeduoError("VALIDATION_FAILED", { issues });
      const values = {
        filter: JSON.stringify(filter),
        grantee_kind: target.kind,
        grantee_id: target.id,
        access: access as "read" | "edit",
        include_subdepartments: include_subdepartments !== false,
      };
      if (existing) {
        await change.trx
          .updateTable("sharing_rules")
          .set(values)
          .where("object", "=", object)
          .where("name", "=", name)
          .execute();
      } else {
        await change.trx
          .insertInto("sharing_rules")
          .values({ id: uuidv7(), object, name, created_at: now, ...values })
          .execute();
      }
    },
  };
}
