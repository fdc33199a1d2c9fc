import {
  type AssignmentDecision,
  type AssignmentRule,
  type AssignmentRuleDefinition,
  type Clock,
  type FieldIssue,
  zonedDate,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import type { AccessContext, DirectoryService } from "../access/index.ts";
import {
  findObjectOrThrow,
  type MetadataChange,
  type MetadataService,
  throwIfIssues,
} from "../metadata/index.ts";
import type { ActingWrites, RecordsService } from "../records/index.ts";
import { type AssignContext, assignRecords } from "./assign-records.ts";
import { checkAssignmentRules } from "./assignment-check.ts";
import { lastDecision, loadRules, replaceRules, upsertRule } from "./assignment-rows.ts";

/**
 * Assignment rules of an object (ADR 0033): their ordered list is metadata (one change replaces it), and
 * assigning records by them is a step any caller runs inside its own transaction — the automation engine's
 * assign_owner action, or a person's "assign by rules" on selected records.
 */
export class AssignmentService {
  private readonly deps: {
    database: Database;
    clock: Clock;
    timeZone: string;
    metadata: MetadataService;
    records: RecordsService;
    directory: DirectoryService;
  };

  constructor(deps: AssignmentService["deps"]) {
    this.deps = deps;
  }

  async rules(object: string): Promise<AssignmentRule[]> {
    findObjectOrThrow(await this.deps.metadata.current(), object);
    return loadRules(this.deps.database.db, this.deps.database.schemas, object);
  }

  /** How many of the object's rules are on: "assign by rules" is offered where there is one. */
  async enabledRules(object: string): Promise<number> {
    return (await this.rules(object)).filter((rule) => rule.enabled).length;
  }

  async replace(object: string, input: unknown, actorId: string | null): Promise<AssignmentRule[]> {
    const { schemas } = this.deps.database;
    return this.deps.metadata.changeVersioned(`assignment rules of ${object}`, actorId, async (change) => {
      const rules = await this.checked(change, object, input);
      await replaceRules(change.trx, schemas, object, rules, this.deps.clock.now());
      return loadRules(change.trx, schemas, object);
    });
  }

  /** Creates or changes one rule inside a metadata change (a bundle's), at `position` in the object's list. */
  async inChange(change: MetadataChange, object: string, input: AssignmentRuleDefinition, position: number) {
    const { schemas } = this.deps.database;
    const [rule] = await this.checked(change, object, [input]);
    if (rule) await upsertRule(change.trx, schemas, object, rule, position, this.deps.clock.now());
  }

  /** Every object's rules, for a bundle export. */
  allRules(trx: Trx): Promise<AssignmentRule[]> {
    return loadRules(trx, this.deps.database.schemas);
  }

  private async checked(change: MetadataChange, object: string, input: unknown) {
    const { trx, snapshot } = change;
    const { schemas } = this.deps.database;
    findObjectOrThrow(snapshot, object);
    const values = async (table: "roles" | "departments" | "users", column: "api_name" | "id") => {
      const { rows } = await sql<{ v: string }>`SELECT ${sql.id(column)}::text AS v
        FROM ${sql.id(schemas.system, table)}`.execute(trx);
      return new Set(rows.map((row) => row.v));
    };
    const issues: FieldIssue[] = [];
    const rules = checkAssignmentRules(
      {
        snapshot,
        object,
        roles: await values("roles", "api_name"),
        departments: await values("departments", "id"),
        users: await values("users", "id"),
      },
      input,
      issues,
    );
    throwIfIssues(issues);
    return rules;
  }

  /** Assigns inside the caller's transaction, owners written as `writes` (see assignRecords). */
  assignWithin(
    ctx: Omit<AssignContext, "schemas" | "directory" | "timeZone">,
    object: string,
    ids: string[],
  ) {
    const { database, directory, timeZone } = this.deps;
    return assignRecords({ ...ctx, schemas: database.schemas, directory, timeZone }, object, ids);
  }

  /** A person's "assign by rules": owner changes made as them (their transfer right is checked). */
  async assignAs(userId: string, object: string, ids: string[]): Promise<AssignmentDecision[]> {
    const snapshot = await this.deps.metadata.current();
    const now = this.deps.clock.now();
    const writes = this.deps.records.as({
      kind: "user",
      userId,
      reason: { source: "system", description: `assignment rules of ${object}` },
    });
    return this.deps.database.db.transaction().execute((trx) =>
      this.assignWithin(
        {
          trx,
          snapshot,
          now,
          today: zonedDate(now, this.deps.timeZone),
          writes: writes.within(trx) as ActingWrites,
        },
        object,
        ids,
      ),
    );
  }

  /** Why a record has its owner, for whoever may read the record (404 like a read otherwise). */
  async decision(object: string, id: string, access: AccessContext): Promise<AssignmentDecision | null> {
    await this.deps.records.reads.get(object, id, access, { fields: [] });
    return lastDecision(this.deps.database.db, this.deps.database.schemas, object, id);
  }
}
