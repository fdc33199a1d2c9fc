import { type FieldIssue, fieldTypeOf, isKeduoError, KeduoError, type MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import { inverseRelationsOf } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { Row } from "./record-codec.ts";
import type { RecordReads } from "./record-reads.ts";
import type { Actor, RecordWrites } from "./record-writes.ts";

/** One child list of a nested write: rows to create (no id) or change (id, version?), and rows to delete. */
export interface ChildListInput {
  rows?: Array<Record<string, unknown>>;
  remove?: Array<{ id: string; version?: number }>;
}

export interface NestedInput {
  /** The parent's own fields, as in a normal create or change. */
  record: Record<string, unknown>;
  /** Keyed by the parent's one-to-many list name (the child relation's inverse name, e.g. `line_items`). */
  children?: Record<string, ChildListInput>;
}

export interface NestedResult {
  record: Row;
  /** Per list, the written rows in the order of `rows`. */
  children: Record<string, Row[]>;
}

/** A child list resolved against metadata: the child object and its many-to-one field to the parent. */
interface ChildList {
  name: string;
  object: string;
  field: string;
  /** The child table's column holding the parent id. */
  column: string;
  input: ChildListInput;
}

/**
 * A parent record and its one-to-many children written in one transaction, all or nothing. Every row goes
 * through RecordWrites — the same pipeline (authorize → validate → … → afterWrite), access checks, events and
 * audit rows as a normal write — joined to one outer transaction. Field problems of the children are collected
 * across all lists (each step runs under a savepoint, so a failed step leaves the transaction usable) and
 * reported with row pointers relative to the parent: `line_items.2.quantity` is `rows[2].quantity` of the
 * `line_items` list.
 */
export class NestedWrites {
  private readonly deps: {
    database: Database;
    metadata: MetadataService;
    reads: RecordReads;
    writes: RecordWrites;
  };

  constructor(deps: NestedWrites["deps"]) {
    this.deps = deps;
  }

  async create(objectName: string, input: NestedInput, actor: Actor): Promise<NestedResult> {
    const { parentId, children } = await this.deps.database.db.transaction().execute(async (trx) => {
      const lists = await this.resolveLists(trx, objectName, input.children ?? {});
      const issues: FieldIssue[] = lists.flatMap((list) =>
        (list.input.rows ?? []).flatMap((row, index) =>
          "id" in row || "version" in row
            ? [{ field: `${list.name}.${index}.id`, code: "system_field" as const }]
            : [],
        ),
      );
      for (const list of lists.filter((l) => l.input.remove?.length))
        issues.push({
          field: `${list.name}.remove`,
          code: "invalid_value",
          params: { reason: "nothing to remove" },
        });
      throwIfIssues(issues);
      const writes = this.deps.writes.within(trx);
      // Children need the parent's id, so a parent with field problems stops here with its own errors.
      const [parent] = await writes.create(objectName, [input.record], actor, { bulk: false });
      const parentId = String(parent!.id);
      const children: Record<string, Row[]> = {};
      for (const list of lists) {
        const rows = (list.input.rows ?? []).map((row) => ({ ...row, [list.field]: parentId }));
        const pointers = rows.map((_, index) => `${list.name}.${index}`);
        children[list.name] = await collect(trx, issues, { list: list.name, pointers }, () =>
          rows.length ? writes.create(list.object, rows, actor, { bulk: true }) : none(),
        );
      }
      throwIfIssues(issues);
      return { parentId, children };
    });
    return { record: await this.readParent(objectName, parentId, actor), children };
  }

  async update(
    objectName: string,
    id: string,
    version: number | undefined,
    input: NestedInput,
    actor: Actor,
  ): Promise<NestedResult> {
    const children = await this.deps.database.db.transaction().execute(async (trx) => {
      const lists = await this.resolveLists(trx, objectName, input.children ?? {});
      const writes = this.deps.writes.within(trx);
      const issues: FieldIssue[] = [];
      // The parent goes first, always: it locks the document, checks its version (If-Match) and the right to
      // edit it; the version moves even when only rows change, so other open forms of it see a conflict.
      const parentInput = { id, values: input.record, ...(version !== undefined ? { version } : {}) };
      await collect(trx, issues, { list: null, pointers: [] }, () =>
        writes.update(objectName, [parentInput], actor, { bulk: false, unchanged: "write" }),
      );
      const written: Record<string, Row[]> = {};
      for (const list of lists) {
        written[list.name] = await this.updateList(trx, writes, list, id, actor, issues);
      }
      throwIfIssues(issues);
      return written;
    });
    return { record: await this.readParent(objectName, id, actor), children };
  }

  /** Removes, changes and adds one list's rows; returns the written rows in the order of `rows`. */
  private async updateList(
    trx: Trx,
    writes: RecordWrites,
    list: ChildList,
    parentId: string,
    actor: Actor,
    issues: FieldIssue[],
  ): Promise<Row[]> {
    const rows = list.input.rows ?? [];
    const removals = list.input.remove ?? [];
    const changed = rows.flatMap((row, index) => (typeof row.id === "string" ? [{ row, index }] : []));
    const added = rows.flatMap((row, index) => (typeof row.id === "string" ? [] : [{ row, index }]));
    const targets = [
      ...changed.map(({ row, index }) => ({
        id: String(row.id),
        version: row.version,
        pointer: `${list.name}.${index}`,
      })),
      ...removals.map((row, index) => ({ ...row, pointer: `${list.name}.remove.${index}` })),
    ];
    const versions = await this.lockMembers(
      trx,
      list,
      parentId,
      targets.map((t) => ({ id: t.id, pointer: `${t.pointer}.id` })),
    );
    // A version conflict names the first row whose version the client had wrong.
    const conflictAt = (candidates: typeof targets) =>
      candidates.find((t) => typeof t.version === "number" && versions.get(t.id) !== t.version)?.pointer;
    const removing = targets.slice(changed.length);
    await collect(
      trx,
      issues,
      { list: list.name, pointers: [], conflict: () => conflictAt(removing) },
      async () => {
        if (removals.length) await writes.remove(list.object, removals, actor);
        return [];
      },
    );
    const out: Row[] = new Array(rows.length);
    const updates = changed.map(({ row }) => {
      const { id, version, ...values } = row;
      return { id: String(id), values, ...(typeof version === "number" ? { version } : {}) };
    });
    const updated = await collect(
      trx,
      issues,
      {
        list: list.name,
        pointers: changed.map((c) => `${list.name}.${c.index}`),
        conflict: () => conflictAt(targets.slice(0, changed.length)),
      },
      () => (updates.length ? writes.update(list.object, updates, actor, { bulk: true }) : none()),
    );
    updated.forEach((row, i) => {
      out[changed[i]!.index] = row;
    });
    const creates = added.map(({ row }) => ({ ...row, [list.field]: parentId }));
    const created = await collect(
      trx,
      issues,
      { list: list.name, pointers: added.map((a) => `${list.name}.${a.index}`) },
      () => (creates.length ? writes.create(list.object, creates, actor, { bulk: true }) : none()),
    );
    created.forEach((row, i) => {
      out[added[i]!.index] = row;
    });
    return out;
  }

  /** The parent after commit, read with the caller's rights: its formulas now see the new children. */
  private readParent(objectName: string, id: string, actor: Actor) {
    return this.deps.reads.get(objectName, id, actor.access);
  }

  /** Each list name must be a one-to-many list of the parent (a many-to-one field of the child pointing at it). */
  private async resolveLists(
    trx: Trx,
    objectName: string,
    children: Record<string, ChildListInput>,
  ): Promise<ChildList[]> {
    const snapshot: MetadataSnapshot = await this.deps.metadata.forWrite(trx);
    if (!snapshot.objects.has(objectName)) return []; // the parent write answers 404 itself
    const inverses = inverseRelationsOf(snapshot, objectName);
    const issues: FieldIssue[] = [];
    const lists: ChildList[] = [];
    for (const [name, input] of Object.entries(children)) {
      const inverse = inverses.find((r) => r.apiName === name && r.cardinality === "many_to_one");
      if (!inverse) {
        issues.push({ field: name, code: "unknown_field", params: { name } });
        continue;
      }
      const field = snapshot.objects
        .get(inverse.sourceObject)!
        .fields.find((f) => f.apiName === inverse.sourceField)!;
      const column = fieldTypeOf(field.type).columns(field)[0]!.name;
      lists.push({ name, object: inverse.sourceObject, field: inverse.sourceField, column, input });
    }
    throwIfIssues(issues);
    return lists;
  }

  /**
   * Rows changed or removed through a parent must be that parent's children: anything else is reported as an
   * invalid reference (the same answer for rows that do not exist). The rows are locked here, so the versions
   * returned stay true until commit and tell which row a version conflict is about.
   */
  private async lockMembers(
    trx: Trx,
    list: ChildList,
    parentId: string,
    rows: Array<{ id: string; pointer: string }>,
  ): Promise<Map<string, number>> {
    if (rows.length === 0) return new Map();
    const table = objectTable(this.deps.database.schemas, list.object);
    const { rows: found } = await sql<{ id: string; version: number }>`
      SELECT id, version FROM ${table} WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])
        AND ${sql.id(list.column)} = ${parentId} AND deleted_at IS NULL FOR UPDATE`.execute(trx);
    const versions = new Map(found.map((r) => [r.id, Number(r.version)]));
    throwIfIssues(
      rows
        .filter((row) => !versions.has(row.id))
        .map((row) => ({ field: row.pointer, code: "invalid_reference", params: { value: row.id } })),
    );
    return versions;
  }
}

function throwIfIssues(issues: FieldIssue[]) {
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

const none = () => Promise.resolve<Row[]>([]);

/** Where a step's problems point: `records.<i>` of the call is `pointers[i]` (e.g. `line_items.2`). */
interface StepPointers {
  /** The child list, or null for the parent (its problems keep their plain field names). */
  list: string | null;
  pointers: string[];
  /** The row a version conflict is about, when it can be told. */
  conflict?: () => string | undefined;
}

/**
 * Runs one write step under a savepoint. Field problems (VALIDATION_FAILED) are collected with row pointers
 * and the step is undone, so the next lists are still checked and the caller reports everything at once;
 * any other error (404, 403, 412, 409) stops the whole write, its pointers rewritten the same way.
 */
async function collect(
  trx: Trx,
  issues: FieldIssue[],
  where: StepPointers,
  step: () => Promise<Row[]>,
): Promise<Row[]> {
  await sql`SAVEPOINT nested_step`.execute(trx);
  try {
    const rows = await step();
    await sql`RELEASE SAVEPOINT nested_step`.execute(trx);
    return rows;
  } catch (error) {
    if (!isKeduoError(error)) throw error;
    const pointed = pointAtRows(error, where);
    if (error.code !== "VALIDATION_FAILED") throw pointed;
    await sql`ROLLBACK TO SAVEPOINT nested_step`.execute(trx);
    issues.push(...pointed.issues);
    return [];
  }
}

/** Bulk writes report `records.<i>.<field>`, i counting that call's rows: rewritten to the client's rows. */
function pointAtRows(error: KeduoError, where: StepPointers): KeduoError {
  if (where.list === null) return error;
  const issues = error.issues.map((issue) => {
    const match = /^records\.(\d+)(.*)$/.exec(issue.field);
    const row = match ? where.pointers[Number(match[1])] : undefined;
    // Constraint errors the database caught name a field but no row.
    return { ...issue, field: row ? `${row}${match![2]}` : `${where.list}.${issue.field}` };
  });
  const row = error.code === "RECORD_VERSION_CONFLICT" ? where.conflict?.() : undefined;
  return new KeduoError(error.code, {
    params: error.params,
    issues,
    extra: { ...error.extra, ...(row ? { row } : {}) },
  });
}
