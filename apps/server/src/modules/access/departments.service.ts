import { type Clock, KeduoError, uuidv7 } from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { DirectoryService } from "./directory.service.ts";
import { type Actor, auditChange, invalidReference, orgRowExists } from "./org-change.ts";

export interface DepartmentInput {
  name?: string;
  parent_id?: string | null;
  position?: number;
  head_user_id?: string | null;
}

/**
 * Departments (teams) as a tree. They are versioned with the metadata because sharing rules and team
 * access resolve against the tree: a change reaches every instance before its next request.
 */
export class DepartmentsService {
  private readonly deps: {
    database: Database;
    metadata: MetadataService;
    clock: Clock;
    directory: DirectoryService;
  };

  constructor(deps: DepartmentsService["deps"]) {
    this.deps = deps;
  }

  /** The whole tree, flat with parent ids, in display order. */
  list() {
    return this.deps.database.db
      .selectFrom("departments")
      .selectAll()
      .orderBy("position")
      .orderBy("name")
      .execute();
  }

  create(input: DepartmentInput & { name: string }, actor: Actor) {
    const { metadata, clock } = this.deps;
    const id = uuidv7();
    return metadata.changeVersioned("create department", actor.userId, async ({ trx }) => {
      const parentId = input.parent_id ?? null;
      const headUserId = input.head_user_id ?? null;
      await assertReferencesExist(trx, { parentId, headUserId });
      const row = {
        id,
        name: input.name,
        parent_id: parentId,
        position: input.position ?? 0,
        head_user_id: headUserId,
        created_at: clock.now(),
      };
      await trx.insertInto("departments").values(row).execute();
      const details = {
        id,
        name: row.name,
        parent_id: parentId,
        ...(headUserId ? { head_user_id: headUserId } : {}),
      };
      await auditChange(trx, clock, actor, { action: "org.department.create", details });
      return row;
    });
  }

  /** Renames, moves (never under itself or below) or re-heads a department. */
  update(id: string, input: DepartmentInput, actor: Actor) {
    const { metadata, clock, directory } = this.deps;
    return metadata.changeVersioned("update department", actor.userId, async ({ trx }) => {
      const before = await findOrThrow(trx, id);
      const parentId = input.parent_id === undefined ? before.parent_id : input.parent_id;
      const headUserId = input.head_user_id === undefined ? before.head_user_id : input.head_user_id;
      await assertReferencesExist(trx, {
        parentId: parentId !== before.parent_id ? parentId : null,
        headUserId: headUserId !== before.head_user_id ? headUserId : null,
      });
      // Moving a department under itself or one of its descendants would make the tree a loop.
      if (parentId && (await directory.isWithin(trx, parentId, id))) {
        throw new KeduoError("VALIDATION_FAILED", {
          issues: [{ field: "parent_id", code: "invalid_value", params: { reason: "cycle" } }],
        });
      }
      const after = {
        name: input.name ?? before.name,
        parent_id: parentId,
        position: input.position ?? before.position,
        head_user_id: headUserId,
      };
      await trx.updateTable("departments").set(after).where("id", "=", id).execute();
      await auditChange(trx, clock, actor, {
        action: "org.department.update",
        details: { id, before, after },
      });
      return { ...before, ...after };
    });
  }

  /** Deletes a department that holds no sub-department and no member. */
  remove(id: string, actor: Actor) {
    const { metadata, clock } = this.deps;
    return metadata.changeVersioned("delete department", actor.userId, async ({ trx }) => {
      const before = await findOrThrow(trx, id);
      const child = await trx
        .selectFrom("departments")
        .select("id")
        .where("parent_id", "=", id)
        .executeTakeFirst();
      const member = await trx
        .selectFrom("users")
        .select("id")
        .where("department_id", "=", id)
        .executeTakeFirst();
      if (child || member) throw new KeduoError("DEPARTMENT_NOT_EMPTY");
      await trx.deleteFrom("departments").where("id", "=", id).execute();
      await auditChange(trx, clock, actor, {
        action: "org.department.delete",
        details: { id, name: before.name },
      });
    });
  }
}

async function findOrThrow(trx: Trx, id: string) {
  const department = await trx.selectFrom("departments").selectAll().where("id", "=", id).executeTakeFirst();
  if (!department) throw new KeduoError("DEPARTMENT_NOT_FOUND");
  return department;
}

/** A parent and a head must exist: the foreign keys would refuse them too, but as a 500. */
async function assertReferencesExist(
  trx: Trx,
  refs: { parentId: string | null; headUserId: string | null },
): Promise<void> {
  const issues = [];
  if (refs.parentId && !(await orgRowExists(trx, "departments", refs.parentId)))
    issues.push(invalidReference("parent_id", refs.parentId));
  if (refs.headUserId && !(await orgRowExists(trx, "users", refs.headUserId)))
    issues.push(invalidReference("head_user_id", refs.headUserId));
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}
