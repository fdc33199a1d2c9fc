import { type Clock, KeduoError, uuidv7, zonedDate } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { compileFilter } from "../filter-sql/index.ts";
import { type MetadataService, modelOrThrow } from "../metadata/index.ts";
import { assertGranteeExists } from "./grantees.ts";
import { type Actor, auditChange } from "./org-change.ts";

export interface SharingRuleInput {
  name: string;
  filter: unknown;
  grantee_kind: "department" | "role";
  grantee_id: string;
  access: "read" | "edit";
  include_subdepartments?: boolean;
}

/**
 * Sharing rules: records of an object matching criteria are shared with a department (optionally with its
 * sub-departments) or a role. Versioned with the metadata, like roles: every instance reloads them.
 */
export class SharingRulesService {
  private readonly deps: {
    database: Database;
    metadata: MetadataService;
    clock: Clock;
    timeZone: string;
  };

  constructor(deps: SharingRulesService["deps"]) {
    this.deps = deps;
  }

  list(object: string) {
    return this.deps.database.db
      .selectFrom("sharing_rules")
      .selectAll()
      .where("object", "=", object)
      .orderBy("created_at")
      .execute();
  }

  create(object: string, input: SharingRuleInput, actor: Actor) {
    const { database, metadata, clock, timeZone } = this.deps;
    return metadata.changeVersioned(
      `create sharing rule on ${object}`,
      actor.userId,
      async ({ trx, snapshot }) => {
        const model = modelOrThrow(snapshot, object);
        // The criteria are checked exactly as they will run: compiled against the object's fields.
        const today = zonedDate(clock.now(), timeZone);
        compileFilter(input.filter, {
          fields: model.queryable,
          schemas: database.schemas,
          alias: "t",
          today,
          timeZone,
        });
        await assertGranteeExists(trx, input.grantee_kind, input.grantee_id);
        const row = {
          id: uuidv7(),
          object,
          name: input.name,
          filter: JSON.stringify(input.filter),
          grantee_kind: input.grantee_kind,
          grantee_id: input.grantee_id,
          include_subdepartments: input.include_subdepartments ?? true,
          access: input.access,
          created_at: clock.now(),
        };
        await trx.insertInto("sharing_rules").values(row).execute();
        await auditChange(trx, clock, actor, {
          action: "permission.sharing_rule.create",
          object,
          details: { ...row, filter: input.filter },
        });
        return { ...row, filter: input.filter };
      },
    );
  }

  async remove(object: string, id: string, actor: Actor): Promise<void> {
    const { metadata, clock } = this.deps;
    await metadata.changeVersioned("delete sharing rule", actor.userId, async ({ trx }) => {
      const deleted = await trx
        .deleteFrom("sharing_rules")
        .where("id", "=", id)
        .where("object", "=", object)
        .returningAll()
        .executeTakeFirst();
      if (!deleted) throw new KeduoError("NOT_FOUND");
      await auditChange(trx, clock, actor, {
        action: "permission.sharing_rule.delete",
        object: deleted.object,
        details: { id: deleted.id, name: deleted.name },
      });
    });
  }
}
