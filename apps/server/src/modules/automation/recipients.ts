import type { MetadataSnapshot, Recipient } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import type { DirectoryService } from "../access/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { People } from "./people.ts";

export interface RecipientContext {
  trx: Trx;
  schemas: Schemas;
  snapshot: MetadataSnapshot;
  directory: DirectoryService;
  object: string;
  /** The record in API form (`owner_id` and field values). */
  record: Record<string, unknown>;
  /** Users read once for the action. */
  people: People;
}

const asId = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/** Active user ids a recipient stands for on one record (none when the chain, field or role is empty). */
export async function resolveRecipient(ctx: RecipientContext, recipient: Recipient): Promise<string[]> {
  const owner = asId(ctx.record.owner_id);
  const { trx } = ctx;
  switch (recipient.kind) {
    case "owner":
      return activeOnly(ctx, owner ? [owner] : []);
    case "manager": {
      const manager = owner ? await ctx.directory.managerOf(trx, owner, recipient.levels ?? 1) : null;
      return manager?.active ? [manager.id] : [];
    }
    case "department_head": {
      const found = owner ? await ctx.directory.departmentHeadOf(trx, owner) : null;
      return found?.head.active ? [found.head.id] : [];
    }
    case "user":
      return activeOnly(ctx, [recipient.user]);
    case "user_field": {
      const user = asId(ctx.record[recipient.field]);
      return activeOnly(ctx, user ? [user] : []);
    }
    case "role": {
      const { rows } = await sql<{ id: string }>`
        SELECT u.id FROM ${sql.id(ctx.schemas.system, "users")} u
        JOIN ${sql.id(ctx.schemas.system, "user_roles")} ur ON ur.user_id = u.id
        JOIN ${sql.id(ctx.schemas.system, "roles")} r ON r.id = ur.role_id
        WHERE r.api_name = ${recipient.role} AND u.status = 'active' ORDER BY u.id`.execute(trx);
      return rows.map((row) => row.id);
    }
    case "related_owner": {
      const target = ctx.snapshot.objects.get(ctx.object)?.fields.find((f) => f.apiName === recipient.field)
        ?.config as { relation?: { target?: string } } | undefined;
      const related = asId(ctx.record[recipient.field]);
      const targetObject = target?.relation?.target;
      if (!related || !targetObject || !ctx.snapshot.objects.has(targetObject)) return [];
      const { rows } = await sql<{ owner_id: string | null }>`
        SELECT owner_id FROM ${objectTable(ctx.schemas, targetObject)} WHERE id = ${related}`.execute(trx);
      const relatedOwner = rows[0]?.owner_id ?? null;
      return activeOnly(ctx, relatedOwner ? [relatedOwner] : []);
    }
  }
}

/** Every recipient of a list, each user once, in the order they were named. */
export async function resolveRecipients(ctx: RecipientContext, recipients: readonly Recipient[]) {
  const ids: string[] = [];
  for (const recipient of recipients)
    for (const id of await resolveRecipient(ctx, recipient)) if (!ids.includes(id)) ids.push(id);
  return ids;
}

async function activeOnly(ctx: RecipientContext, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const people = await ctx.people.get(ids);
  return ids.filter((id) => people.get(id)?.active);
}
