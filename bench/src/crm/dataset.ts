import type pg from "pg";
import { COMPANY_SUFFIXES, COMPANY_WORDS } from "../lib/words.ts";
import { BIG_ACCOUNT, type CrmSizes, PROJECT_OPEN, SALES_OPEN, SMALL_ACCOUNT } from "./sizes.ts";

/**
 * The CRM benchmark's records, generated in SQL (INSERT … SELECT over generate_series) straight into the
 * tables the CRM template created: ~1,000,000 records over its objects, owned by the sales reps, every
 * relation pointing at a record of the same account, plus two accounts the 360 call is timed on — one with
 * 1,000 related records and one with 10. `setseed` makes a build reproducible up to the build date (dates are
 * spread around it, so "next contract end" and "last contact" have something recent to find).
 */

const arr = (values: readonly string[]) => `'{${values.map((v) => `"${v}"`).join(",")}}'::text[]`;
/** A uniform pick from a literal array or an array column of the reference row `r`. */
const pick = (array: string) => `(${array})[1 + floor(random() * cardinality(${array}))::int]`;
const words = arr(COMPANY_WORDS);
const suffixes = arr(COMPANY_SUFFIXES);
const surnames = arr(["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "胡"]);
const given = arr(["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明"]);
const person = `${pick(surnames)} || ${pick(given)} || ${pick(given)}`;
/** Money between 10,000 and 5,000,000, log-uniform; one record in ten in US dollars. */
const money = "round(exp(ln(10000) + random() * ln(500))::numeric, 2)";
const currency = "CASE WHEN random() < 0.1 THEN 'USD' ELSE 'CNY' END";
/** A day within `days` of the build date, either side. */
const aroundToday = (days: number) => `current_date + (floor(random() * ${2 * days}) - ${days})::int`;
const phone = "'1' || (30 + floor(random() * 60))::int || lpad(floor(random() * 1e8)::bigint::text, 8, '0')";

interface Fill {
  table: string;
  /** Column → SQL expression over `g.i` (0-based row), `g.ts`, `g.o` (owner) and the reference row `r`. */
  columns: Record<string, string>;
  /** A one-row SELECT of the arrays the expressions pick from (`r`), scoped by `{accounts}`. */
  refs?: string;
}

const ref = (table: string, column = "id", order = "id") =>
  `(SELECT array_agg(${column} ORDER BY ${order}) FROM {ws}."${table}" WHERE account IN ({accounts}))`;

/** The objects in dependency order; `{accounts}` is the scope's account ids (a subquery). */
const FILLS: Fill[] = [
  {
    table: "contact",
    refs: "SELECT (SELECT array_agg(id ORDER BY id) FROM {ws}.account WHERE id IN ({accounts})) AS acc",
    columns: {
      name: person,
      account: pick("r.acc"),
      title: pick(arr(["总经理", "采购经理", "技术总监", "工程师", "财务经理", "销售总监"])),
      decision_role: pick(
        arr(["key_decision_maker", "influencer", "technical_evaluator", "procurement", "user"]),
      ),
      phone,
      email: "'c' || g.i || '@example.cn'",
      birthday: "date '1965-01-01' + floor(random() * 12000)::int",
    },
  },
  {
    table: "opportunity",
    refs: `SELECT (SELECT array_agg(id ORDER BY id) FROM {ws}.account WHERE id IN ({accounts})) AS acc`,
    columns: {
      name: `${pick(words)} || '项目 ' || g.i`,
      account: pick("r.acc"),
      amount: money,
      amount__currency: currency,
      close_date: aroundToday(365),
      probability: "floor(random() * 100)",
      // A permutation of the rows (7919 is prime): the first `openSales` of it open in the sales pipeline.
      pipeline:
        "CASE WHEN g.k < {openSales} OR (g.k >= {openAll} AND g.k % 5 <> 0) THEN 'sales' ELSE 'project' END",
      stage: `CASE WHEN g.k < {openSales} THEN ${pick(arr(SALES_OPEN))} WHEN g.k < {openAll} THEN ${pick(arr(PROJECT_OPEN))} WHEN random() < 0.6 THEN 'won' ELSE 'lost' END`,
      budget_confirmed: "random() < 0.5",
      source: pick(arr(["exhibition", "website", "referral", "cold_call", "online_ads", "partner"])),
      next_step: "'跟进报价'",
    },
  },
  {
    table: "quote",
    refs: `SELECT ${ref("opportunity")} AS opp, ${ref("opportunity", "account")} AS opp_acc`,
    columns: {
      quote_number: "'BJ-' || {tag} || '-' || lpad(g.i::text, 7, '0')",
      name: "'报价 ' || g.i",
      account: "r.opp_acc[1 + g.i % cardinality(r.opp)]",
      opportunity: "r.opp[1 + g.i % cardinality(r.opp)]",
      status: pick(arr(["draft", "in_review", "approved", "sent", "accepted", "rejected"])),
      valid_until: aroundToday(90),
      currency: "'cny'",
    },
  },
  {
    table: "quote_line",
    refs: `SELECT (SELECT array_agg(id ORDER BY id) FROM {ws}.quote WHERE account IN ({accounts})) AS q`,
    columns: {
      quote: "r.q[1 + g.i % cardinality(r.q)]",
      description: "'产品 ' || (g.i % 97)",
      quantity: "1 + floor(random() * 50)",
      unit_price: "round((100 + random() * 9900)::numeric, 2)",
      discount: "floor(random() * 20)",
      unit_cost: "round((50 + random() * 5000)::numeric, 2)",
    },
  },
  {
    table: "contract",
    refs: `SELECT ${ref("opportunity")} AS opp, ${ref("opportunity", "account")} AS opp_acc`,
    columns: {
      contract_number: "'HT-' || {tag} || '-' || lpad(g.i::text, 7, '0')",
      name: "'合同 ' || g.i",
      account: "r.opp_acc[1 + g.i % cardinality(r.opp)]",
      opportunity: "r.opp[1 + g.i % cardinality(r.opp)]",
      status: pick(arr(["draft", "in_review", "signed", "active", "active", "expired", "terminated"])),
      amount: money,
      amount__currency: currency,
      signed_date: aroundToday(700),
      start_date: aroundToday(500),
      end_date: aroundToday(730),
    },
  },
  {
    table: "payment_plan",
    refs: `SELECT ${ref("contract")} AS con, ${ref("contract", "account")} AS con_acc`,
    columns: {
      name: "'第' || (1 + g.i % 3) || '期'",
      contract: "r.con[1 + g.i % cardinality(r.con)]",
      account: "r.con_acc[1 + g.i % cardinality(r.con)]",
      due_date: aroundToday(365),
      amount: money,
      amount__currency: "'CNY'",
      status: pick(arr(["pending", "partially_paid", "paid", "paid", "overdue"])),
    },
  },
  {
    table: "payment",
    refs: `SELECT ${ref("payment_plan")} AS pp, ${ref("payment_plan", "contract")} AS pp_con, ${ref("payment_plan", "account")} AS pp_acc`,
    columns: {
      payment_number: "'HK-' || {tag} || '-' || lpad(g.i::text, 7, '0')",
      payment_plan: "r.pp[1 + g.i % cardinality(r.pp)]",
      contract: "r.pp_con[1 + g.i % cardinality(r.pp)]",
      account: "r.pp_acc[1 + g.i % cardinality(r.pp)]",
      payment_date: aroundToday(700),
      amount: money,
      amount__currency: currency,
      method: pick(arr(["bank_transfer", "acceptance_bill", "online"])),
    },
  },
  {
    table: "ticket",
    refs: "SELECT (SELECT array_agg(id ORDER BY id) FROM {ws}.account WHERE id IN ({accounts})) AS acc",
    columns: {
      ticket_number: "'GD-' || {tag} || '-' || lpad(g.i::text, 7, '0')",
      subject: `${pick(arr(["设备异响", "安装调试", "退货申请", "交付延期投诉", "咨询参数"]))} || ' #' || g.i`,
      account: pick("r.acc"),
      type: pick(arr(["complaint", "repair", "installation", "consultation", "return", "other"])),
      priority: pick(arr(["low", "medium", "high", "urgent"])),
      status: pick(arr(["new", "in_progress", "waiting_customer", "resolved", "closed", "closed"])),
      description: "'客户反馈的问题描述'",
    },
  },
  {
    table: "activity",
    refs: `SELECT ${ref("opportunity")} AS opp, ${ref("opportunity", "account")} AS opp_acc`,
    columns: {
      subject: `${pick(arr(["电话沟通", "上门拜访", "方案会议", "需求确认", "跟进记录"]))} || ' ' || g.i`,
      type: pick(arr(["call", "visit", "meeting", "note"])),
      occurred_at: "now() - random() * interval '700 days'",
      notes: "'沟通纪要'",
      account: "r.opp_acc[1 + g.i % cardinality(r.opp)]",
      opportunity: "CASE WHEN g.i % 2 = 0 THEN r.opp[1 + g.i % cardinality(r.opp)] END",
    },
  },
  {
    table: "task",
    refs: "SELECT (SELECT array_agg(id ORDER BY id) FROM {ws}.account WHERE id IN ({accounts})) AS acc",
    columns: {
      subject: "'回访客户 ' || g.i",
      assignee: "g.o",
      due_date: aroundToday(60),
      status: "CASE WHEN random() < 0.6 THEN 'done' ELSE 'open' END",
      priority: pick(arr(["low", "medium", "high", "urgent"])),
      account: pick("r.acc"),
    },
  },
];

const UUID7 = `CREATE OR REPLACE FUNCTION pg_temp.uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT (lpad(to_hex(floor(extract(epoch FROM ts) * 1000)::bigint), 12, '0') || '7'
    || lpad(to_hex(floor(random() * 4096)::int), 3, '0') || to_hex(8 + floor(random() * 4)::int)
    || lpad(to_hex(floor(random() * 4096)::int), 3, '0')
    || lpad(to_hex(floor(random() * 281474976710656)::bigint), 12, '0'))::uuid $$`;

export interface FillScope {
  /** Tag in auto numbers, unique per scope. */
  tag: string;
  /** SQL of the scope's account ids. */
  accounts: string;
  counts: Partial<Record<string, number>>;
  openSales: number;
  openProject: number;
}

/** Inserts `count` rows of one object: ids UUID v7 in creation order over two years up to the build. */
async function fill(client: pg.ClientBase, ws: string, f: Fill, count: number, scope: FillScope) {
  const names = Object.keys(f.columns);
  const subst = (text: string) =>
    text
      .replaceAll("{ws}", `"${ws}"`)
      .replaceAll("{accounts}", scope.accounts)
      .replaceAll("{tag}", `'${scope.tag}'`)
      .replaceAll("{openSales}", String(scope.openSales))
      .replaceAll("{openAll}", String(scope.openSales + scope.openProject));
  const sql = `INSERT INTO "${ws}"."${f.table}"
      (id, created_at, updated_at, created_by, updated_by, owner_id, version, deleted_at, ${names.map((n) => `"${n}"`).join(", ")})
    SELECT pg_temp.uuid7(g.ts), g.ts, g.ts, g.o, g.o, g.o, 1, NULL, ${names.map((n) => subst(f.columns[n]!)).join(",\n      ")}
    FROM (SELECT i, (i::bigint * 7919) % ${count} AS k,
            now() - interval '730 days' + (i * interval '730 days') / ${count} AS ts,
            (SELECT array_agg(id ORDER BY id) FROM bench_owners)[1 + floor(random() * (SELECT count(*) FROM bench_owners))::int] AS o
          FROM generate_series(0, ${count - 1}) AS i) AS g
    CROSS JOIN (${subst(f.refs ?? "SELECT 1")}) AS r`;
  await client.query(sql);
}

/**
 * Fills the workspace: `owners` own the records; the regular scope first, then the two measured accounts'
 * own records. Returns the ids of the measured accounts.
 */
export async function fillCrm(
  client: pg.ClientBase,
  schemas: { workspace: string; system: string },
  owners: readonly string[],
  sizes: CrmSizes,
  onStep: (step: string) => void,
): Promise<{ big: string; small: string }> {
  const { workspace: ws, system: sys } = schemas;
  await client.query("SET session_replication_role = replica"); // no FK triggers: the generator keeps them
  await client.query("SELECT setseed(0.1616)");
  await client.query(UUID7);
  await client.query("CREATE TEMP TABLE bench_owners (id uuid)");
  await client.query("INSERT INTO bench_owners SELECT unnest($1::uuid[])", [owners]);
  onStep(`account: ${sizes.account}`);
  const none: FillScope = { tag: "A", accounts: "NULL", counts: {}, openSales: 0, openProject: 0 };
  await fill(client, ws, accountFill, sizes.account, none);
  const special = async (name: string) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "${ws}".account (id, created_at, updated_at, created_by, updated_by, owner_id, name, tier, lifecycle_stage, industry, phone)
       SELECT pg_temp.uuid7(now() - interval '400 days'), now() - interval '400 days', now(), o, o, o, $1, 'a', 'active', 'machinery', '13800000000'
       FROM (SELECT id AS o FROM bench_owners ORDER BY id LIMIT 1) AS x RETURNING id`,
      [name],
    );
    return rows[0]!.id;
  };
  const big = await special(BIG_ACCOUNT.name);
  const small = await special(SMALL_ACCOUNT.name);
  const regular: FillScope = {
    tag: "R",
    accounts: `SELECT id FROM "${ws}".account WHERE id NOT IN ('${big}', '${small}')`,
    counts: { ...sizes },
    openSales: sizes.openSales,
    openProject: sizes.openProject,
  };
  const scopes: FillScope[] = [
    regular,
    { tag: "B", accounts: `'${big}'::uuid`, counts: BIG_ACCOUNT.related, openSales: 60, openProject: 20 },
    { tag: "S", accounts: `'${small}'::uuid`, counts: SMALL_ACCOUNT.related, openSales: 1, openProject: 0 },
  ];
  for (const scope of scopes)
    for (const f of FILLS) {
      const count = scope.counts[f.table] ?? 0;
      if (count === 0) continue;
      onStep(`${f.table} (${scope.tag}): ${count}`);
      await fill(client, ws, f, count, scope);
    }
  // The big account's main contact, and its opportunities' stage history (what its timeline reads).
  await client.query(
    `UPDATE "${ws}".account SET main_contact = (SELECT id FROM "${ws}".contact WHERE account = $1 ORDER BY id LIMIT 1) WHERE id = $1`,
    [big],
  );
  onStep("stage history of the measured accounts' opportunities");
  await client.query(STAGE_HISTORY.replaceAll("{ws}", `"${ws}"`).replaceAll("{sys}", `"${sys}"`), [
    [big, small],
  ]);
  await client.query("RESET session_replication_role");
  return { big, small };
}

const accountFill: Fill = {
  table: "account",
  columns: {
    name: `${pick(words)} || ${pick(arr(["精密", "智能", "机电", "电子", "新材料", "医疗"]))} || ${pick(suffixes)} || ' ' || g.i`,
    tier: pick(arr(["a", "b", "b", "c", "c", "c"])),
    lifecycle_stage: pick(
      arr(["prospect", "onboarding", "active", "active", "renewal", "repurchase", "churned"]),
    ),
    phone,
    industry: pick(
      arr(["automotive", "electronics", "medical", "machinery", "new_energy", "aerospace", "other"]),
    ),
    source: pick(arr(["exhibition", "website", "referral", "cold_call", "online_ads", "partner"])),
    annual_revenue: "round((1e6 + random() * 1e9)::numeric, 2)",
    annual_revenue__currency: "'CNY'",
    employees: "floor(10 + random() * 5000)",
    satisfaction_score: "floor(1 + random() * 5)",
  },
};

/**
 * Each opportunity walked from the pipeline's first stage to its current one, a stage every 1–20 days up to
 * its creation + history (entered / left), the last entry open: 1–8 rows per opportunity.
 */
const STAGE_HISTORY = `
  WITH opp AS (
    SELECT o.id, o.pipeline, o.owner_id, o.created_at,
      CASE WHEN o.pipeline = 'sales' THEN ${arr(SALES_OPEN)} ELSE ${arr(PROJECT_OPEN)} END AS stages,
      o.stage
    FROM {ws}.opportunity o WHERE o.account = ANY($1::uuid[])),
  walk AS (
    SELECT opp.*, s.stage AS step, s.n,
      coalesce(array_position(opp.stages, opp.stage), least(4, cardinality(opp.stages))) AS upto
    FROM opp, unnest(opp.stages) WITH ORDINALITY AS s(stage, n)),
  kept AS (
    SELECT id, pipeline, owner_id, step, n, upto, stage,
      created_at + (n * interval '9 days') AS entered
    FROM walk WHERE n <= upto)
  INSERT INTO {sys}.stage_history (object, record_id, pipeline, stage, entered_at, entered_by, left_at, left_by)
  SELECT 'opportunity', id, pipeline, step, entered, owner_id,
    CASE WHEN n < upto OR stage IN ('won', 'lost') THEN entered + interval '9 days' END,
    CASE WHEN n < upto OR stage IN ('won', 'lost') THEN owner_id END
  FROM kept
  UNION ALL
  SELECT 'opportunity', id, pipeline, stage, created_at + ((upto + 1) * interval '9 days'), owner_id, NULL, NULL
  FROM (SELECT DISTINCT id, pipeline, owner_id, stage, upto, created_at FROM walk WHERE stage IN ('won', 'lost')) AS closed`;
