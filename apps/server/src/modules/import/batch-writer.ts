import { type FieldIssue, findErrorDefinition, isKeduoError } from "@keduo/core";
import { sql } from "kysely";
import type { Trx } from "../../db/database.ts";
import type { RecordsService } from "../records/index.ts";
import { issueParams, type RowIssue } from "./import-issues.ts";
import type { DuplicatePolicy } from "./import-run.ts";
import type { RowInput } from "./row-converter.ts";

type Row = Record<string, unknown>;
/** Who writes (the records service's own type, taken from its interface). */
export type Actor = Parameters<RecordsService["writes"]["create"]>[2];

/** A record this import created or matched, by match key: later rows with the same key find it here. */
export interface SeenRecord {
  id: string;
  values: Row;
  batch: number;
}

export interface Change {
  recordId: string;
  action: "created" | "updated";
  before: Row | null;
}

export interface BatchContext {
  trx: Trx;
  records: RecordsService;
  actor: Actor;
  object: string;
  policy: DuplicatePolicy;
  matchKey(input: RowInput): string | null;
  /** Existing records per match key (looked up through the access layer before the transaction). */
  existing: Map<string, Row[]>;
  /** Keys written by this batch (a real run) or by the whole dry run so far. */
  seen: Map<string, SeenRecord>;
  batch: number;
  dry: boolean;
  columnOf(field: string): string | null;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  issues: RowIssue[];
  changes: Change[];
}

const pick = (row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));

/** A PostgreSQL data or integrity error (class 22 / 23) belongs to a row, not to the import. */
function isRowLevelSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && /^2[23]/.test(code);
}

/**
 * Writes a group through the records service inside a savepoint. When the pipeline rejects some records,
 * those rows are reported (the pipeline names them: `records.3.email`) and the rest is written again; a
 * failure that names no record (a unique conflict, a changed version) is narrowed down by halving.
 */
async function attempt<T extends { input: RowInput }>(
  ctx: BatchContext,
  items: T[],
  write: (items: T[]) => Promise<Row[]>,
  issues: RowIssue[],
): Promise<Array<[T, Row]>> {
  if (items.length === 0) return [];
  await sql`SAVEPOINT import_write`.execute(ctx.trx);
  try {
    const rows = await write(items);
    await sql`RELEASE SAVEPOINT import_write`.execute(ctx.trx);
    return items.map((item, i) => [item, rows[i]!]);
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT import_write`.execute(ctx.trx);
    await sql`RELEASE SAVEPOINT import_write`.execute(ctx.trx);
    // Any refusal that names rows (invalid values, rules, stage gates): those rows are reported.
    if (isKeduoError(error) && error.issues.length > 0) {
      const bad = new Set<number>();
      for (const issue of error.issues) {
        const m = /^records\.(\d+)\.(.+)$/.exec(issue.field);
        if (!m) continue;
        const item = items[Number(m[1])];
        if (!item) continue;
        bad.add(Number(m[1]));
        issues.push(issueOf(ctx, item.input, m[2]!, issue));
      }
      if (bad.size > 0)
        return attempt(
          ctx,
          items.filter((_, i) => !bad.has(i)),
          write,
          issues,
        );
    }
    if (!isKeduoError(error) && !isRowLevelSqlError(error)) throw error;
    // Losing the right to write (401/403) stops the whole import; it is not something one row did.
    if (isKeduoError(error) && [401, 403].includes(findErrorDefinition(error.code)?.status ?? 0)) throw error;
    if (items.length === 1) {
      issues.push(failureOf(ctx, items[0]!.input, error));
      return [];
    }
    const half = Math.ceil(items.length / 2);
    return [
      ...(await attempt(ctx, items.slice(0, half), write, issues)),
      ...(await attempt(ctx, items.slice(half), write, issues)),
    ];
  }
}

function issueOf(ctx: BatchContext, input: RowInput, field: string, issue: FieldIssue): RowIssue {
  const base = field.split(".")[0]!;
  return {
    row: input.row,
    column: ctx.columnOf(base),
    value: input.texts.get(base) ?? null,
    code: issue.code,
    ...(issueParams(issue) ? { params: issueParams(issue) } : {}),
  };
}

function failureOf(ctx: BatchContext, input: RowInput, error: unknown): RowIssue {
  if (isKeduoError(error) && error.code === "RECORD_UNIQUE_CONFLICT") {
    const field = String(error.params.field ?? "");
    const value = input.texts.get(field) ?? "";
    return { row: input.row, column: ctx.columnOf(field), value, code: "not_unique", params: { value } };
  }
  if (isKeduoError(error) && (error.code === "RECORD_VERSION_CONFLICT" || error.code === "RECORD_NOT_FOUND"))
    return { row: input.row, column: null, value: null, code: "record_changed" };
  const reason = isKeduoError(error) ? error.code : String((error as Error).message ?? error).slice(0, 200);
  return { row: input.row, column: null, value: null, code: "write_failed", params: { reason } };
}

/**
 * A dry run remembers every key of the file (its batches are rolled back, so the database cannot tell a
 * later batch about them) but never logs before-values: the values are not kept, so a million-row dry run
 * holds keys and ids only.
 */
const seenValues = (ctx: BatchContext, row: Row): Row => (ctx.dry ? {} : row);

interface Update {
  input: RowInput;
  id: string;
  version?: number;
  before: Row;
}

/**
 * Writes one batch in the caller's transaction. Rows repeating a match key already used in this batch wait
 * for the next round, so the second "张三科技" updates (or skips) the record the first one created.
 */
export async function writeBatch(ctx: BatchContext, inputs: RowInput[]): Promise<BatchResult> {
  const result: BatchResult = { created: 0, updated: 0, skipped: 0, issues: [], changes: [] };
  const writes = ctx.records.writes.within(ctx.trx);
  let pending = inputs;
  while (pending.length > 0) {
    const round: RowInput[] = [];
    const later: RowInput[] = [];
    const keys = new Set<string>();
    for (const input of pending) {
      const key = ctx.matchKey(input);
      if (key !== null && keys.has(key)) later.push(input);
      else {
        if (key !== null) keys.add(key);
        round.push(input);
      }
    }
    const creates: Array<{ input: RowInput }> = [];
    const updates: Update[] = [];
    for (const input of round) {
      const key = ctx.matchKey(input);
      const fields = Object.keys(input.values);
      const seen = key === null ? undefined : ctx.seen.get(key);
      const found = key === null ? [] : (ctx.existing.get(key) ?? []);
      if (key === null || ctx.policy === "create" || (!seen && found.length === 0)) {
        creates.push({ input });
      } else if (!seen && found.length > 1) {
        result.issues.push({
          row: input.row,
          column: null,
          value: null,
          code: "duplicate_match",
          params: { count: found.length },
        });
      } else if (ctx.policy === "skip") {
        result.skipped++;
      } else if (seen && ctx.dry && seen.batch !== ctx.batch) {
        result.updated++; // matched a record an earlier (rolled-back) dry-run batch would have written
      } else if (seen) {
        updates.push({ input, id: seen.id, before: pick(seen.values, fields) });
      } else {
        const match = found[0]!;
        updates.push({
          input,
          id: String(match.id),
          version: Number(match.version),
          before: pick(match, fields),
        });
      }
    }
    const created = await attempt(
      ctx,
      creates,
      (items) =>
        writes.create(
          ctx.object,
          items.map((i) => i.input.values),
          ctx.actor,
          { bulk: true },
        ),
      result.issues,
    );
    const updated = await attempt(
      ctx,
      updates,
      (items) =>
        writes.update(
          ctx.object,
          items.map((u) => ({
            id: u.id,
            values: u.input.values,
            ...(u.version === undefined ? {} : { version: u.version }),
          })),
          ctx.actor,
          { bulk: true },
        ),
      result.issues,
    );
    for (const [item, row] of created) {
      result.created++;
      result.changes.push({ recordId: String(row.id), action: "created", before: null });
      const key = ctx.matchKey(item.input);
      if (key !== null)
        ctx.seen.set(key, { id: String(row.id), values: seenValues(ctx, row), batch: ctx.batch });
    }
    for (const [item, row] of updated) {
      result.updated++;
      result.changes.push({ recordId: item.id, action: "updated", before: item.before });
      const key = ctx.matchKey(item.input);
      if (key !== null) ctx.seen.set(key, { id: item.id, values: seenValues(ctx, row), batch: ctx.batch });
    }
    pending = later;
  }
  return result;
}
