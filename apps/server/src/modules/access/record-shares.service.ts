import { type Clock, KeduoError, uuidv7, zonedDate } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import { modelOrThrow } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { AccessContext } from "./access-context.ts";
import type { GranteeKind } from "./grantees.ts";
import { assertGranteeExists } from "./grantees.ts";
import { auditChange } from "./org-change.ts";
import { recordPredicate } from "./record-predicate.ts";

/** One record: the target of manual shares. */
export interface SharedRecord {
  object: string;
  id: string;
}

export interface ShareInput {
  grantee_kind: GranteeKind;
  grantee_id: string;
  access: "read" | "edit";
}

/** Who manages shares: their rights, and where the request came from (for the audit log). */
export interface ShareCaller {
  access: AccessContext;
  ip: string | null;
}

/**
 * Manual shares of one record with a user, department or role. Whoever may edit a record and owns it — or
 * may manage sharing, or modify all of the object — manages its shares; anyone else gets what a read or
 * edit of the record would answer (404 when unreadable, 403 when only readable).
 */
export class RecordSharesService {
  private readonly deps: {
    database: Database;
    clock: Clock;
    timeZone: string;
  };

  constructor(deps: RecordSharesService["deps"]) {
    this.deps = deps;
  }

  list(caller: ShareCaller, record: SharedRecord) {
    return this.asSharer(caller, record, (trx) =>
      trx
        .selectFrom("record_shares")
        .selectAll()
        .where("object", "=", record.object)
        .where("record_id", "=", record.id)
        .execute(),
    );
  }

  /** Shares the record, or changes the access of an existing share with the same grantee. */
  share(caller: ShareCaller, record: SharedRecord, input: ShareInput) {
    const { clock } = this.deps;
    return this.asSharer(caller, record, async (trx) => {
      const { grantee_kind, grantee_id } = input;
      await assertGranteeExists(trx, grantee_kind, grantee_id);
      const row = {
        id: uuidv7(),
        object: record.object,
        record_id: record.id,
        grantee_kind,
        grantee_id,
        access: input.access,
        created_by: caller.access.userId,
        created_at: clock.now(),
      };
      await trx
        .insertInto("record_shares")
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(["object", "record_id", "grantee_kind", "grantee_id"])
            .doUpdateSet({ access: row.access }),
        )
        .execute();
      await auditChange(trx, clock, actorOf(caller), {
        action: "permission.share.create",
        object: row.object,
        recordId: row.record_id,
        details: { grantee_kind, grantee_id, access: row.access },
      });
      return row;
    });
  }

  unshare(caller: ShareCaller, record: SharedRecord, shareId: string): Promise<void> {
    const { clock } = this.deps;
    return this.asSharer(caller, record, async (trx) => {
      const deleted = await trx
        .deleteFrom("record_shares")
        .where("id", "=", shareId)
        .where("record_id", "=", record.id)
        .returningAll()
        .executeTakeFirst();
      if (!deleted) throw new KeduoError("NOT_FOUND");
      await auditChange(trx, clock, actorOf(caller), {
        action: "permission.share.delete",
        object: deleted.object,
        recordId: deleted.record_id,
        details: { grantee_id: deleted.grantee_id },
      });
    });
  }

  /** Runs `work` in one transaction after checking the caller may manage the record's shares. */
  private asSharer<T>(caller: ShareCaller, record: SharedRecord, work: (trx: Trx) => Promise<T>): Promise<T> {
    return this.deps.database.db.transaction().execute(async (trx) => {
      await this.assertMayShare(trx, caller.access, record);
      return work(trx);
    });
  }

  /** Whether the caller may manage shares of a record: may edit it, and owns it or may manage sharing. */
  private async assertMayShare(trx: Trx, access: AccessContext, { object, id }: SharedRecord) {
    const { database, clock, timeZone } = this.deps;
    const model = modelOrThrow(access.snapshot, object);
    if (!access.permissions.object(object).read) throw new KeduoError("FORBIDDEN");
    const today = zonedDate(clock.now(), timeZone);
    const context = { schemas: database.schemas, alias: "t", today, timeZone };
    const readable = recordPredicate(access, model, "read", context) ?? sql`true`;
    const editable = recordPredicate(access, model, "edit", context) ?? sql`true`;
    const { rows } = await sql<{ readable: boolean; editable: boolean; owner_id: string | null }>`
      SELECT ${readable} AS readable, ${editable} AS editable, t.owner_id FROM ${objectTable(database.schemas, object)} t
      WHERE t.id = ${id} AND t.deleted_at IS NULL`.execute(trx);
    const row = rows[0];
    if (!row?.readable) throw new KeduoError("RECORD_NOT_FOUND", { params: { object, id } });
    const rights = access.permissions;
    const owner = row.owner_id === access.userId;
    if (!row.editable || !(owner || rights.system.manage_sharing || rights.object(object).modify_all))
      throw new KeduoError("FORBIDDEN");
  }
}

const actorOf = (caller: ShareCaller) => ({ userId: caller.access.userId, ip: caller.ip });
