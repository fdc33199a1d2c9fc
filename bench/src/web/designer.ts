import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { applyTemplateOnFirstStart } from "../../../apps/server/src/modules/templates/index.ts";
import { formatCount, progress } from "../lib/progress.ts";
import { type BenchServer, type CapturedQuery, startBenchServer } from "../lib/server.ts";
import { type LatencyStats, summarize } from "../lib/stats.ts";
import { saveFieldsInBrowser } from "./designer-browser.ts";
import { type DesignerField, designerFields, editorBody } from "./designer-fields.ts";

/** Where one save's time went, in ms. `server` is the POST's wall time outside the SQL statements. */
export interface SaveSteps {
  post: number;
  displayField: number;
  refetch: number;
  total: number;
  sql: Record<StatementKind, number>;
  statements: number;
  snapshotReads: number;
  server: number;
}

type StatementKind = "snapshot" | "ddl" | "backfill" | "checks" | "definitions" | "log" | "commit" | "other";

/** Sorts the statements of one field save by the step of the metadata change that sent them. */
function kindOf(statement: string): StatementKind {
  const text = statement.replace(/\s+/g, " ").trim().toLowerCase();
  if (/^(begin|commit|rollback)/.test(text)) return "commit";
  if (
    /pg_advisory_xact_lock|from "[^"]+"\."(meta_version|objects|fields)"/.test(text) &&
    text.startsWith("select")
  )
    return "snapshot";
  if (/^(alter table|create (unique )?index|create table|drop index)|set_config/.test(text)) return "ddl";
  if (/^update "ws/.test(text)) return "backfill";
  if (/count\(\*\) over/.test(text)) return "checks";
  if (/"(fields|objects|autonumber_counters)"/.test(text)) return "definitions";
  if (/"(meta_version|schema_changes|audit_log)"/.test(text)) return "log";
  return "other";
}

function stepsOf(queries: CapturedQuery[]): Pick<SaveSteps, "sql" | "statements" | "snapshotReads"> {
  const sql: Record<StatementKind, number> = {
    snapshot: 0,
    ddl: 0,
    backfill: 0,
    checks: 0,
    definitions: 0,
    log: 0,
    commit: 0,
    other: 0,
  };
  for (const query of queries) sql[kindOf(query.sql)] += query.ms;
  const snapshotReads = queries.filter((q) => /from "[^"]+"\."fields" order by/i.test(q.sql)).length;
  return { sql, statements: queries.length, snapshotReads };
}

async function timed(server: BenchServer, method: string, path: string, body?: unknown, status = 200) {
  const started = performance.now();
  const response = await server.api.request<Record<string, unknown>>(method, path, body);
  const ms = performance.now() - started;
  if (response.status !== status)
    throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 400)}`);
  return { ms, body: response.body };
}

/**
 * One save as the field editor makes it: POST the field; for the first text field of an object without a title
 * field, PATCH the object to make it the title; then the metadata refetch (GET /api/meta/objects). The editor
 * shows the saved field without waiting for that refetch (field-editor.tsx); it is counted here all the same,
 * so the figure is what the admin waited for before that change and an upper bound since.
 */
async function saveField(
  server: BenchServer,
  object: string,
  field: DesignerField,
  titled: boolean,
): Promise<SaveSteps & { titled: boolean }> {
  let post = 0;
  let saved: Record<string, unknown> = {};
  const queries = await server.capture.during(async () => {
    const response = await timed(
      server,
      "POST",
      `/api/meta/objects/${object}/fields`,
      editorBody(field),
      201,
    );
    post = response.ms;
    saved = response.body;
  });
  let displayField = 0;
  if (!titled && saved.type === "text") {
    displayField = (
      await timed(server, "PATCH", `/api/meta/objects/${object}`, { display_field: saved.api_name })
    ).ms;
  }
  const refetched = await timed(server, "GET", "/api/meta/objects");
  const objects = refetched.body.objects as Array<{ api_name: string; display_field: string | null }>;
  const steps = stepsOf(queries);
  const inSql = Object.values(steps.sql).reduce((a, b) => a + b, 0);
  return {
    post,
    displayField,
    refetch: refetched.ms,
    total: post + displayField + refetched.ms,
    ...steps,
    server: post - inSql,
    titled: Boolean(objects.find((o) => o.api_name === object)?.display_field),
  };
}

export interface DesignerRun {
  object: string;
  records: number;
  saves: LatencyStats;
  post: LatencyStats;
  refetch: LatencyStats;
  /** p50 of each step's share of a save. */
  stepsP50: Record<string, number>;
  fields: Array<{ type: string; label: string } & SaveSteps>;
}

const SQL_ROWS = {
  /** The CRM's 客户: required name and lifecycle stage, a few more columns filled as real rows are. */
  account: (schema: string, n: number) => `
    INSERT INTO "${schema}".account (id, created_at, updated_at, created_by, updated_by, owner_id, name,
      lifecycle_stage, tier, industry, source, phone, annual_revenue, annual_revenue__currency, employees, description)
    SELECT gen_random_uuid(), now(), now(), $1, $1, $1, '客户' || g || '有限公司',
      (ARRAY['prospect','onboarding','active','renewal'])[1 + g % 4], (ARRAY['a','b','c'])[1 + g % 3],
      (ARRAY['automotive','electronics','medical','machinery'])[1 + g % 4], 'website', '1380000' || lpad((g % 10000)::text, 4, '0'),
      (g * 137 % 100000000)::numeric(18,2), 'CNY', g % 5000, repeat('客户描述', 1 + g % 8)
    FROM generate_series(1, ${n}) g`,
  /** The CRM's 联系人, each at one of the first accounts. */
  contact: (schema: string, n: number) => `
    INSERT INTO "${schema}".contact (id, created_at, updated_at, created_by, updated_by, owner_id, name, title,
      decision_role, phone, email, account)
    SELECT gen_random_uuid(), now(), now(), $1, $1, $1, '联系人' || g, '采购经理',
      (ARRAY['key_decision_maker','influencer','technical_evaluator','procurement'])[1 + g % 4],
      '1390000' || lpad((g % 10000)::text, 4, '0'), 'c' || g || '@example.cn',
      (SELECT id FROM "${schema}".account ORDER BY id LIMIT 1)
    FROM generate_series(1, ${n}) g`,
};

/** Loads `n` rows straight into the object's table in SQL (the designer's cost depends on the rows, not how they came). */
async function seed(server: BenchServer, object: keyof typeof SQL_ROWS, n: number): Promise<void> {
  const { pool, schemas } = server.database;
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM "${schemas.system}".users LIMIT 1`);
  await pool.query(SQL_ROWS[object](schemas.workspace, n), [rows[0]?.id]);
  await pool.query(`VACUUM (ANALYZE) "${schemas.workspace}"."${object}"`);
}

const p50 = (values: number[]) => summarize(values).p50;

/**
 * (d) The designer on PGlite: a new installation with the CRM template, 联系人 holding `sizes.small` records and
 * 客户 `sizes.large`; an admin adds `sizes.fields` fields of every kind to each, one save at a time through
 * the HTTP API; then, given a browser, `sizes.browserSaves` more to 客户 in the designer page itself.
 */
export async function designerSaves(
  sizes: { small: number; large: number; fields: number; browserSaves: number },
  browser: Browser | null,
): Promise<{ runs: DesignerRun[]; browser: Awaited<ReturnType<typeof saveFieldsInBrowser>> | null }> {
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-designer-"));
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      if (!(await applyTemplateOnFirstStart(server.keduo, "crm")))
        throw new Error("the CRM template did not apply");
      const runs: DesignerRun[] = [];
      const targets = [
        ["account", sizes.large, "d1"],
        ["contact", sizes.small, "d2"],
      ] as const;
      for (const [object, records] of targets) {
        await seed(server, object, records);
        progress("d", `${object}: ${formatCount(records)} records`);
      }
      for (const [object, records, prefix] of targets) {
        const fields: DesignerRun["fields"] = [];
        // What the designer page holds before the first save: the metadata query's object.
        const meta = await server.api.expect<{ display_field: string | null }>(
          "GET",
          `/api/meta/objects/${object}`,
          undefined,
          200,
        );
        let titled = Boolean(meta.display_field);
        for (const field of designerFields(prefix, "account").slice(0, sizes.fields)) {
          const { titled: nowTitled, ...steps } = await saveField(server, object, field, titled);
          titled = nowTitled;
          fields.push({ type: field.type, label: field.label, ...steps });
          progress(
            "d",
            `${object} + ${field.type.padEnd(13)} ${steps.total.toFixed(0).padStart(5)} ms (POST ${steps.post.toFixed(0)}, refetch ${steps.refetch.toFixed(0)}; SQL ddl ${steps.sql.ddl.toFixed(0)} backfill ${steps.sql.backfill.toFixed(0)} snapshot ${steps.sql.snapshot.toFixed(0)}×${steps.snapshotReads})`,
          );
        }
        const stepsP50: Record<string, number> = {
          post: p50(fields.map((f) => f.post)),
          refetch: p50(fields.map((f) => f.refetch)),
          server: p50(fields.map((f) => f.server)),
        };
        for (const kind of Object.keys(fields[0]?.sql ?? {}) as StatementKind[])
          stepsP50[`sql.${kind}`] = p50(fields.map((f) => f.sql[kind]));
        runs.push({
          object,
          records,
          saves: summarize(fields.map((f) => f.total)),
          post: summarize(fields.map((f) => f.post)),
          refetch: summarize(fields.map((f) => f.refetch)),
          stepsP50,
          fields,
        });
      }
      const inBrowser = browser
        ? await saveFieldsInBrowser(browser, server.url, "account", sizes.browserSaves)
        : null;
      return { runs, browser: inBrowser };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
