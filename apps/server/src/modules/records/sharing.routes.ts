import { type Clock, KeduoError, uuidv7, zonedDate } from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sql } from "kysely";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import { requireAccess } from "../../http/access.ts";
import type { AccessContext } from "../access/index.ts";
import { appendAudit } from "../audit/index.ts";
import { compileFilter } from "../filter-sql/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/names.ts";
import { recordPredicate } from "./record-access.ts";
import { modelOrThrow } from "./record-reads.ts";
import { objectParams, recordParams, uuid } from "./route-schemas.ts";

const tags = ["access"];

interface Deps {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
}

async function granteeExists(trx: Trx, kind: string, id: string): Promise<boolean> {
  const table = kind === "user" ? "users" : kind === "role" ? "roles" : "departments";
  return (await trx.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/**
 * Sharing rules (records matching a filter shared with a department or role) and manual shares of one record.
 * They live beside the records service because both are checked with its filter compiler and predicates.
 */
export async function registerSharingRoutes(app: FastifyInstance, deps: Deps) {
  const { database, clock, config, metadata } = deps;
  const dates = () => ({ today: zonedDate(clock.now(), config.timeZone), timeZone: config.timeZone });

  app.get<{ Params: { object: string } }>(
    "/api/meta/objects/:object/sharing-rules",
    {
      config: { access: "manage_sharing", summary: "Sharing rules of an object", tags },
      schema: { params: objectParams },
    },
    async (request) => ({
      rules: await database.db
        .selectFrom("sharing_rules")
        .selectAll()
        .where("object", "=", request.params.object)
        .orderBy("created_at")
        .execute(),
    }),
  );

  app.post<{
    Params: { object: string };
    Body: {
      name: string;
      filter: unknown;
      grantee_kind: "department" | "role";
      grantee_id: string;
      access: "read" | "edit";
      include_subdepartments?: boolean;
    };
  }>(
    "/api/meta/objects/:object/sharing-rules",
    {
      config: {
        access: "manage_sharing",
        summary: "Share records matching a filter with a department or role",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["name", "filter", "grantee_kind", "grantee_id", "access"],
          properties: {
            name: { type: "string", minLength: 1, maxLength: 100 },
            filter: { type: "object" },
            grantee_kind: { enum: ["department", "role"] },
            grantee_id: uuid,
            access: { enum: ["read", "edit"] },
            include_subdepartments: { type: "boolean" },
          },
        },
      },
    },
    async (request, reply) => {
      const access = requireAccess(request);
      const { object } = request.params;
      const body = request.body;
      const rule = await metadata.changeVersioned(
        `create sharing rule on ${object}`,
        access.userId,
        async ({ trx, snapshot }) => {
          const model = modelOrThrow(snapshot, object);
          // The criteria are checked exactly as they will run: compiled against the object's fields.
          compileFilter(body.filter, {
            fields: model.queryable,
            schemas: database.schemas,
            alias: "t",
            ...dates(),
          });
          if (!(await granteeExists(trx, body.grantee_kind, body.grantee_id))) {
            throw new KeduoError("VALIDATION_FAILED", {
              issues: [
                { field: "grantee_id", code: "invalid_reference", params: { value: body.grantee_id } },
              ],
            });
          }
          const row = {
            id: uuidv7(),
            object,
            name: body.name,
            filter: JSON.stringify(body.filter),
            grantee_kind: body.grantee_kind,
            grantee_id: body.grantee_id,
            include_subdepartments: body.include_subdepartments ?? true,
            access: body.access,
            created_at: clock.now(),
          };
          await trx.insertInto("sharing_rules").values(row).execute();
          await appendAudit(
            trx,
            [
              {
                action: "permission.sharing_rule.create",
                actorId: access.userId,
                ip: request.ip,
                object,
                details: { ...row, filter: body.filter },
              },
            ],
            clock.now(),
          );
          return { ...row, filter: body.filter };
        },
      );
      reply.status(201);
      return rule;
    },
  );

  app.delete<{ Params: { object: string; id: string } }>(
    "/api/meta/objects/:object/sharing-rules/:id",
    {
      config: { access: "manage_sharing", summary: "Delete a sharing rule", tags },
      schema: {
        params: {
          type: "object",
          properties: { object: { type: "string" }, id: uuid },
          required: ["object", "id"],
        },
      },
    },
    async (request, reply) => {
      const access = requireAccess(request);
      await metadata.changeVersioned("delete sharing rule", access.userId, async ({ trx }) => {
        const deleted = await trx
          .deleteFrom("sharing_rules")
          .where("id", "=", request.params.id)
          .where("object", "=", request.params.object)
          .returningAll()
          .executeTakeFirst();
        if (!deleted) throw new KeduoError("NOT_FOUND");
        await appendAudit(
          trx,
          [
            {
              action: "permission.sharing_rule.delete",
              actorId: access.userId,
              ip: request.ip,
              object: deleted.object,
              details: { id: deleted.id, name: deleted.name },
            },
          ],
          clock.now(),
        );
      });
      return reply.status(204).send();
    },
  );

  /** Whether the caller may manage shares of a record: may edit it, and owns it or may manage sharing. */
  async function assertMayShare(trx: Trx, access: AccessContext, object: string, id: string) {
    const model = modelOrThrow(access.snapshot, object);
    if (!access.permissions.object(object).read) throw new KeduoError("FORBIDDEN");
    const context = { schemas: database.schemas, alias: "t", ...dates() };
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

  const inTransaction = <T>(
    request: FastifyRequest<{ Params: { object: string; id: string } }>,
    work: (trx: Trx, access: AccessContext) => Promise<T>,
  ) =>
    database.db.transaction().execute(async (trx) => {
      const access = requireAccess(request);
      await assertMayShare(trx, access, request.params.object, request.params.id);
      return work(trx, access);
    });

  app.get<{ Params: { object: string; id: string } }>(
    "/api/records/:object/:id/shares",
    {
      config: { access: "authenticated", summary: "Manual shares of a record", tags },
      schema: { params: recordParams },
    },
    async (request) =>
      inTransaction(request, async (trx) => ({
        shares: await trx
          .selectFrom("record_shares")
          .selectAll()
          .where("object", "=", request.params.object)
          .where("record_id", "=", request.params.id)
          .execute(),
      })),
  );

  app.post<{
    Params: { object: string; id: string };
    Body: { grantee_kind: "user" | "department" | "role"; grantee_id: string; access: "read" | "edit" };
  }>(
    "/api/records/:object/:id/shares",
    {
      config: {
        access: "authenticated",
        summary: "Share one record with a user, department or role",
        tags,
        freshMetadata: true,
      },
      schema: {
        params: recordParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["grantee_kind", "grantee_id", "access"],
          properties: {
            grantee_kind: { enum: ["user", "department", "role"] },
            grantee_id: uuid,
            access: { enum: ["read", "edit"] },
          },
        },
      },
    },
    async (request, reply) => {
      const share = await inTransaction(request, async (trx, access) => {
        const { grantee_kind, grantee_id } = request.body;
        if (!(await granteeExists(trx, grantee_kind, grantee_id))) {
          throw new KeduoError("VALIDATION_FAILED", {
            issues: [{ field: "grantee_id", code: "invalid_reference", params: { value: grantee_id } }],
          });
        }
        const row = {
          id: uuidv7(),
          object: request.params.object,
          record_id: request.params.id,
          grantee_kind,
          grantee_id,
          access: request.body.access,
          created_by: access.userId,
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
        await appendAudit(
          trx,
          [
            {
              action: "permission.share.create",
              actorId: access.userId,
              ip: request.ip,
              object: row.object,
              recordId: row.record_id,
              details: { grantee_kind, grantee_id, access: row.access },
            },
          ],
          clock.now(),
        );
        return row;
      });
      reply.status(201);
      return share;
    },
  );

  app.delete<{ Params: { object: string; id: string; share: string } }>(
    "/api/records/:object/:id/shares/:share",
    {
      config: { access: "authenticated", summary: "Remove a manual share", tags, freshMetadata: true },
      schema: {
        params: {
          type: "object",
          properties: { object: { type: "string" }, id: uuid, share: uuid },
          required: ["object", "id", "share"],
        },
      },
    },
    async (request, reply) => {
      await inTransaction(request, async (trx, access) => {
        const deleted = await trx
          .deleteFrom("record_shares")
          .where("id", "=", request.params.share)
          .where("record_id", "=", request.params.id)
          .returningAll()
          .executeTakeFirst();
        if (!deleted) throw new KeduoError("NOT_FOUND");
        await appendAudit(
          trx,
          [
            {
              action: "permission.share.delete",
              actorId: access.userId,
              ip: request.ip,
              object: deleted.object,
              recordId: deleted.record_id,
              details: { grantee_id: deleted.grantee_id },
            },
          ],
          clock.now(),
        );
      });
      return reply.status(204).send();
    },
  );
}
