import { Readable } from "node:stream";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { RowIssue } from "./import-issues.ts";
import {
  type Counts,
  type ImportRun,
  type ImportSettings,
  type ImportStatus,
  ZERO_COUNTS,
} from "./import-run.ts";
import type { FileFacts } from "./table-source.ts";

type Executor = Db | Trx;

function issueOf(r: Record<string, unknown>): RowIssue {
  return {
    row: Number(r.row_number),
    column: (r.column_name as string | null) ?? null,
    value: (r.value as string | null) ?? null,
    code: String(r.code),
    ...(r.params ? { params: r.params as Record<string, string | number> } : {}),
  };
}

/** The SQL of the import tables; nothing else touches them. */
export class ImportStore {
  private readonly schemas: Schemas;

  constructor(schemas: Schemas) {
    this.schemas = schemas;
  }

  private t(name: string) {
    return sql.id(this.schemas.system, name);
  }

  /** The run's row, first of the upload's transaction; the file's facts follow once it is stored and read. */
  async create(
    trx: Trx,
    run: Pick<ImportRun, "id" | "object" | "file_name" | "format" | "locale" | "created_by"> & { now: Date },
  ): Promise<void> {
    await sql`INSERT INTO ${this.t("import_runs")}
      (id, object, file_name, format, size, sheets, status, locale, created_by, created_at, updated_at)
      VALUES (${run.id}, ${run.object}, ${run.file_name}, ${run.format}, 0, '{"delimiter":null,"sheets":[]}',
        'uploaded', ${run.locale}, ${run.created_by}, ${run.now}, ${run.now})`.execute(trx);
  }

  async addChunk(trx: Trx, id: string, seq: number, data: Buffer): Promise<void> {
    await sql`INSERT INTO ${this.t("import_file_chunks")} (import_id, seq, data)
      VALUES (${id}, ${seq}, ${data})`.execute(trx);
  }

  /**
   * A finished import's stored file, once no row of it has a problem, has no use left (ADR 0036): a finished
   * run is never started again, undo reads the change log, and its failed-rows report has no row to copy.
   * Returns the chunks deleted.
   */
  async dropCleanFile(db: Executor, id: string): Promise<number> {
    const result = await sql`DELETE FROM ${this.t("import_file_chunks")} WHERE import_id = ${id}
      AND NOT EXISTS (SELECT 1 FROM ${this.t("import_row_errors")} WHERE import_id = ${id})`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }

  async hasFile(db: Executor, id: string): Promise<boolean> {
    const { rows } = await sql`SELECT 1 FROM ${this.t("import_file_chunks")}
      WHERE import_id = ${id} AND seq = 0`.execute(db);
    return rows.length > 0;
  }

  async setFacts(trx: Trx, id: string, size: number, facts: FileFacts): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET size = ${size}, encoding = ${facts.encoding},
      sheets = ${JSON.stringify({ delimiter: facts.delimiter, sheets: facts.sheets })}
      WHERE id = ${id}`.execute(trx);
  }

  /**
   * The stored file as a stream, one chunk row at a time: a reader that stops early (header detection)
   * reads only the first chunks, and a whole pass never holds more than a chunk or two.
   */
  open(db: Executor, id: string): Readable {
    const table = this.t("import_file_chunks");
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const { rows } = await sql<{ data: Buffer }>`SELECT data FROM ${table}
            WHERE import_id = ${id} AND seq = ${seq}`.execute(db);
          if (!rows[0]) return;
          yield rows[0].data;
        }
      })(),
      { objectMode: false },
    );
  }

  async get(db: Executor, id: string, options: { lock?: boolean } = {}): Promise<ImportRun | null> {
    const { rows } = await sql<
      Record<string, unknown>
    >`SELECT * FROM ${this.t("import_runs")} WHERE id = ${id}
      ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(db);
    const row = rows[0];
    if (!row) return null;
    const sheets = row.sheets as { delimiter: string | null; sheets: FileFacts["sheets"] };
    return {
      id: String(row.id),
      object: String(row.object),
      file_name: String(row.file_name),
      format: row.format as FileFacts["format"],
      size: Number(row.size),
      facts: {
        format: row.format as FileFacts["format"],
        encoding: (row.encoding as string | null) ?? null,
        delimiter: sheets.delimiter,
        sheets: sheets.sheets,
      },
      settings: (row.settings as ImportSettings | null) ?? null,
      status: row.status as ImportStatus,
      rows_total: Number(row.rows_total),
      rows_done: Number(row.rows_done),
      checkpoint_row: Number(row.checkpoint_row),
      counts: { ...ZERO_COUNTS, ...(row.counts as Partial<Counts>) },
      dry_counts: (row.dry_counts as Counts | null) ?? null,
      failure: (row.failure as ImportRun["failure"]) ?? null,
      lease_owner: (row.lease_owner as string | null) ?? null,
      locale: String(row.locale),
      created_by: String(row.created_by),
      created_at: row.created_at as Date,
      updated_at: row.updated_at as Date,
      finished_at: (row.finished_at as Date | null) ?? null,
    };
  }

  /** Moves to a new phase: settings and totals as given, progress and this phase's errors reset. */
  async startPhase(
    trx: Trx,
    id: string,
    status: "validating" | "running",
    settings: ImportSettings,
    rowsTotal: number,
    now: Date,
  ): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET status = ${status}, settings = ${JSON.stringify(settings)},
      rows_total = ${rowsTotal}, rows_done = 0, checkpoint_row = 0, counts = '{}', failure = NULL,
      lease_owner = NULL, lease_until = NULL, updated_at = ${now}, finished_at = NULL
      WHERE id = ${id}`.execute(trx);
    await sql`DELETE FROM ${this.t("import_row_errors")} WHERE import_id = ${id}
      AND phase = ${status === "validating" ? "dry_run" : "run"}`.execute(trx);
  }

  async setStatus(
    db: Executor,
    id: string,
    status: ImportStatus,
    now: Date,
    extra: { failure?: unknown; finished?: boolean } = {},
  ) {
    await sql`UPDATE ${this.t("import_runs")} SET status = ${status}, updated_at = ${now},
      failure = ${extra.failure === undefined ? sql`failure` : sql`${JSON.stringify(extra.failure)}::jsonb`},
      finished_at = ${extra.finished ? now : null}, lease_owner = NULL, lease_until = NULL
      WHERE id = ${id}`.execute(db);
  }

  /** Undo's progress: the changes still logged are the total, none done yet (a resumed undo counts anew). */
  async startUndoProgress(db: Executor, id: string): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET rows_done = 0, rows_total = (SELECT count(*)::int
      FROM ${this.t("import_changes")} WHERE import_id = ${id}) WHERE id = ${id}`.execute(db);
  }

  async addUndone(trx: Trx, id: string, count: number): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET rows_done = rows_done + ${count} WHERE id = ${id}`.execute(
      trx,
    );
  }

  /** Takes the run for this worker unless another live worker holds it (its lease not yet expired). */
  async claim(db: Executor, id: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const { rows } = await sql`UPDATE ${this.t("import_runs")}
      SET lease_owner = ${owner}, lease_until = ${new Date(now + leaseMs)}
      WHERE id = ${id} AND status IN ('validating', 'running', 'undoing')
        AND (lease_until IS NULL OR lease_until < ${new Date(now)} OR lease_owner = ${owner})
      RETURNING id`.execute(db);
    return rows.length > 0;
  }

  async release(db: Executor, id: string, owner: string): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET lease_owner = NULL, lease_until = NULL
      WHERE id = ${id} AND lease_owner = ${owner}`.execute(db);
  }

  /** Runs waiting for a worker: in a working state and not held by a live lease. */
  async orphaned(db: Executor): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`SELECT id FROM ${this.t("import_runs")}
      WHERE status IN ('validating', 'running', 'undoing')
        AND (lease_until IS NULL OR lease_until < ${new Date()})`.execute(db);
    return rows.map((r) => r.id);
  }

  /** Commits one batch's progress with the batch itself: the checkpoint a restarted worker resumes from. */
  async checkpoint(
    trx: Trx,
    id: string,
    progress: { rowsDone: number; checkpointRow: number; counts: Counts; dry: boolean },
    owner: string,
    leaseMs: number,
    now: Date,
  ): Promise<void> {
    await sql`UPDATE ${this.t("import_runs")} SET rows_done = ${progress.rowsDone},
      checkpoint_row = ${progress.checkpointRow}, counts = ${JSON.stringify(progress.counts)},
      ${progress.dry ? sql`dry_counts = ${JSON.stringify(progress.counts)},` : sql``}
      lease_until = ${new Date(Date.now() + leaseMs)}, updated_at = ${now}
      WHERE id = ${id} AND lease_owner = ${owner}`.execute(trx);
  }

  async addIssues(db: Executor, id: string, phase: "dry_run" | "run", issues: RowIssue[]): Promise<void> {
    for (let i = 0; i < issues.length; i += 1000) {
      const document = JSON.stringify(
        issues.slice(i, i + 1000).map((issue) => ({
          row_number: issue.row,
          column_name: issue.column,
          value: issue.value,
          code: issue.code,
          params: issue.params ?? null,
        })),
      );
      await sql`INSERT INTO ${this.t("import_row_errors")} (import_id, phase, row_number, column_name, value, code, params)
        SELECT ${id}, ${phase}, r.row_number, r.column_name, r.value, r.code, r.params
        FROM jsonb_to_recordset(${document}::jsonb)
          AS r(row_number int, column_name text, value text, code text, params jsonb)`.execute(db);
    }
  }

  /** One page of a phase's problems in sheet order, optionally of one column and one reason; and the total. */
  async issues(
    db: Executor,
    id: string,
    phase: "dry_run" | "run",
    page: { limit: number; offset?: number; column?: string; code?: string },
  ): Promise<{ issues: RowIssue[]; total: number }> {
    const where = sql`import_id = ${id} AND phase = ${phase}
      ${page.column === undefined ? sql`` : page.column === "" ? sql`AND column_name IS NULL` : sql`AND column_name = ${page.column}`}
      ${page.code === undefined ? sql`` : sql`AND code = ${page.code}`}`;
    const { rows } = await sql<Record<string, unknown>>`SELECT row_number, column_name, value, code, params
      FROM ${this.t("import_row_errors")} WHERE ${where}
      ORDER BY row_number, id LIMIT ${page.limit} OFFSET ${page.offset ?? 0}`.execute(db);
    const counted = await sql<{ total: number }>`SELECT count(*)::int AS total
      FROM ${this.t("import_row_errors")} WHERE ${where}`.execute(db);
    return { issues: rows.map(issueOf), total: counted.rows[0]?.total ?? 0 };
  }

  /** A phase's problems grouped by column and reason: how many, on how many rows, the first values. */
  async issueGroups(db: Executor, id: string, phase: "dry_run" | "run") {
    const { rows } = await sql<{
      column_name: string | null;
      code: string;
      count: number;
      rows: number;
      samples: Array<string | null>;
      params: Record<string, string | number> | null;
    }>`SELECT column_name, code, count(*)::int AS count, count(DISTINCT row_number)::int AS rows,
        (array_agg(value ORDER BY row_number, id))[1:5] AS samples,
        (array_agg(params ORDER BY row_number, id))[1] AS params
      FROM ${this.t("import_row_errors")} WHERE import_id = ${id} AND phase = ${phase}
      GROUP BY column_name, code ORDER BY count(*) DESC, column_name, code`.execute(db);
    return rows;
  }

  /** The problems of the rows after `afterRow`, row by row in sheet order (the failed-rows workbook). */
  async issuesByRow(
    db: Executor,
    id: string,
    phase: "dry_run" | "run",
    afterRow: number,
    limit: number,
  ): Promise<Array<{ row: number; issues: RowIssue[] }>> {
    const { rows } = await sql<{ row_number: number; issues: Array<Record<string, unknown>> }>`
      SELECT row_number, json_agg(json_build_object('row_number', row_number, 'column_name', column_name,
        'value', value, 'code', code, 'params', params) ORDER BY id) AS issues
      FROM ${this.t("import_row_errors")}
      WHERE import_id = ${id} AND phase = ${phase} AND row_number > ${afterRow}
      GROUP BY row_number ORDER BY row_number LIMIT ${limit}`.execute(db);
    return rows.map((r) => ({ row: Number(r.row_number), issues: r.issues.map(issueOf) }));
  }

  async logChanges(
    trx: Trx,
    id: string,
    changes: Array<{
      recordId: string;
      action: "created" | "updated";
      before: Record<string, unknown> | null;
    }>,
  ): Promise<void> {
    if (changes.length === 0) return;
    const document = JSON.stringify(
      changes.map((c) => ({ record_id: c.recordId, action: c.action, before: c.before })),
    );
    // WITH ORDINALITY keeps the file's order in the identity column: undo replays it backwards.
    await sql`INSERT INTO ${this.t("import_changes")} (import_id, record_id, action, before)
      SELECT ${id}, (e.item->>'record_id')::uuid, e.item->>'action', e.item->'before'
      FROM jsonb_array_elements(${document}::jsonb) WITH ORDINALITY AS e(item, n)
      ORDER BY e.n`.execute(trx);
  }

  /** The undo log from the newest change backwards, one page at a time. */
  async changesBefore(
    db: Executor,
    id: string,
    beforeId: number | null,
    limit: number,
  ): Promise<
    Array<{ id: number; record_id: string; action: string; before: Record<string, unknown> | null }>
  > {
    const { rows } = await sql<{
      id: number;
      record_id: string;
      action: string;
      before: Record<string, unknown> | null;
    }>`
      SELECT id, record_id, action, before FROM ${this.t("import_changes")}
      WHERE import_id = ${id} ${beforeId === null ? sql`` : sql`AND id < ${beforeId}`}
      ORDER BY id DESC LIMIT ${limit}`.execute(db);
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /**
   * Deletes the undo logs of imports that completed before `cutoff`: they can no longer be undone. Only
   * `completed` runs: an undo that started in time (`undoing`) keeps the log it is working through.
   */
  async pruneUndoLogs(db: Executor, cutoff: Date): Promise<number> {
    const result = await sql`DELETE FROM ${this.t("import_changes")} c USING ${this.t("import_runs")} r
      WHERE c.import_id = r.id AND r.status = 'completed' AND r.finished_at < ${cutoff}`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }

  async deleteChanges(trx: Trx, id: string, fromId: number): Promise<void> {
    await sql`DELETE FROM ${this.t("import_changes")} WHERE import_id = ${id} AND id >= ${fromId}`.execute(
      trx,
    );
  }

  async rememberedMapping(db: Executor, object: string): Promise<Record<string, string | null>> {
    const { rows } = await sql<{ mapping: Record<string, string | null> }>`SELECT mapping
      FROM ${this.t("import_mappings")} WHERE object = ${object}`.execute(db);
    return rows[0]?.mapping ?? {};
  }

  async rememberMapping(
    db: Executor,
    object: string,
    mapping: Record<string, string | null>,
    userId: string,
    now: Date,
  ) {
    await sql`INSERT INTO ${this.t("import_mappings")} (object, mapping, updated_at, updated_by)
      VALUES (${object}, ${JSON.stringify(mapping)}, ${now}, ${userId})
      ON CONFLICT (object) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = EXCLUDED.updated_at,
        updated_by = EXCLUDED.updated_by`.execute(db);
  }
}
