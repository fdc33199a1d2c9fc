import { formatCount, progress } from "../lib/progress.ts";
import type { ResultRow } from "../lib/report.ts";
import { summarize } from "../lib/stats.ts";
import {
  type AutomationContext,
  createAutomation,
  createObject,
  fromToday,
  notifyOwner,
  until,
  type World,
  withWorld,
} from "./world.ts";

const OBJECT = "bench_big";
/** Field dates are spread evenly over this many days around today (±5 years). */
const SPREAD_DAYS = 3651;

const renewal = (days: number, unit: "days" | "business_days" = "days") => ({
  api_name: `renewal_${days}${unit === "days" ? "d" : "bd"}`,
  labels: { "zh-CN": `到期前 ${days} 天`, en: `${days} ${unit.replace("_", " ")} before the end` },
  trigger: { kind: "date_relative", field: "end_date", offset: -days, unit },
});

/** The date-relative automations every scan runs (late window 7 days, the default). */
const AUTOMATIONS = [
  renewal(90),
  renewal(60),
  renewal(30),
  renewal(5, "business_days"),
  {
    api_name: "signing_anniversary",
    labels: { "zh-CN": "签约周年", en: "Signing anniversary" },
    trigger: { kind: "date_relative", field: "signed_date", offset: 0, unit: "days", yearly: true },
  },
];

/** `rows` records, 30 % active, end and signing dates spread evenly over ±5 years (set-based, in SQL). */
async function seed(world: World, rows: number, first: number) {
  await world.query(
    `INSERT INTO ${world.ws}.${OBJECT}
       (id, created_at, updated_at, created_by, updated_by, owner_id, version, name, status, end_date, signed_date)
     SELECT gen_random_uuid(), now(), now(), $1, $1, $1, 1, '记录 ' || i,
       CASE WHEN i % 10 < 3 THEN 'active' WHEN i % 10 < 6 THEN 'expired' ELSE 'draft' END,
       d, d - 365 - (i % 730)
     FROM generate_series($3::int, $3::int + $4::int - 1) AS i,
       LATERAL (SELECT $2::date + ((i::bigint * 7919) % ${SPREAD_DAYS})::int AS d) AS dates`,
    [world.adminId, fromToday(-Math.floor(SPREAD_DAYS / 2)), first, rows],
  );
}

/** Waits until no run is queued or running (the fired runs notify in the background). */
async function drained(world: World) {
  const started = Date.now();
  await until(
    "every run finished",
    async () => {
      const [row] = await world.query<{ open: string }>(
        `SELECT count(*) AS open FROM ${world.sys}.automation_runs WHERE status IN ('queued', 'running')`,
      );
      return Number(row?.open) === 0;
    },
    600_000,
  );
  return Date.now() - started;
}

/** One timed scan: its wall time, what it fired, and the time of each automation's due statement. */
async function scan(world: World) {
  let fired = 0;
  const started = performance.now();
  const statements = await world.server.capture.during(async () => {
    fired = await world.server.keduo.automation.scanTimed();
  });
  const ms = performance.now() - started;
  const due = statements.filter((q) => q.sql.includes("automation_occurrences")).map((q) => q.ms);
  return { ms, fired, due };
}

/** The scans of one case (without or with the index): catch-up, steady (nothing new due), ~100 newly due. */
async function measureCase(
  ctx: AutomationContext,
  world: World,
  label: string,
  [phase, freshPhase]: [string, string],
) {
  const { sizes } = ctx;
  const catchUp = await scan(world);
  const drainMs = await drained(world);
  progress(
    phase,
    `${label}: catch-up scan ${catchUp.ms.toFixed(0)} ms fired ${formatCount(catchUp.fired)}; their runs done ${(drainMs / 1000).toFixed(1)} s later`,
  );
  const steady: Array<Awaited<ReturnType<typeof scan>>> = [];
  for (let i = 0; i < sizes.scans; i++) steady.push(await scan(world));
  const stats = summarize(steady.map((s) => s.ms));
  const rowsNow = Number(
    (await world.query<{ n: string }>(`SELECT count(*) AS n FROM ${world.ws}.${OBJECT}`))[0]?.n,
  );
  await world.query(
    `INSERT INTO ${world.ws}.${OBJECT}
       (id, created_at, updated_at, created_by, updated_by, owner_id, version, name, status, end_date, signed_date)
     SELECT gen_random_uuid(), now(), now(), $1, $1, $1, 1, '新到期 ' || i, 'active', $2::date, $3::date
     FROM generate_series(1, $4::int) AS i`,
    [world.adminId, fromToday(30), fromToday(-100), sizes.newlyDue],
  );
  const fresh = await scan(world);
  await drained(world);
  const perRule = (s: { due: number[] }) => s.due.map((ms) => ms.toFixed(0)).join(" / ");
  progress(
    phase,
    `${label}: nothing new due p50 ${stats.p50.toFixed(0)} ms (max ${stats.max.toFixed(0)}); ${fresh.fired} newly due ${fresh.ms.toFixed(0)} ms (per rule ${perRule(fresh)} ms)`,
  );
  const title = `due-scan of ${AUTOMATIONS.length} date-relative automations, ${formatCount(rowsNow)} records, ${label}`;
  const rows: ResultRow[] = [
    {
      phase,
      title,
      metric: "scan, nothing new due (p50)",
      value: stats.p50,
      unit: "ms",
      target: 1000,
      notes: `max ${stats.max.toFixed(0)} ms of ${steady.length}; per rule ${perRule(steady.at(-1) ?? { due: [] })} ms`,
    },
    {
      phase: freshPhase,
      title,
      metric: `scan, ${fresh.fired} newly due`,
      value: fresh.ms,
      unit: "ms",
      target: 1000,
      notes: `per rule ${perRule(fresh)} ms; catch-up scan ${catchUp.ms.toFixed(0)} ms fired ${formatCount(catchUp.fired)}`,
    },
  ];
  ctx.results.push(...rows);
  return { catchUp, drainMs, steady: stats, steadyScans: steady, fresh };
}

/**
 * Phase 3: one due-scan of five enabled date-relative automations (90/60/30 days and 5 business days before
 * an end date, a yearly anniversary) over an object of 1,000,000 records. Enabling them indexes the two date
 * fields (ADR 0032), which is timed; then the same scans with the indexes removed through the metadata API
 * (an admin's choice, or a date-time field, which no plain index serves).
 */
export async function scanPhase(ctx: AutomationContext): Promise<void> {
  const { scanRows } = ctx.sizes;
  await withWorld("keduo_bench_run_automation_3", ctx.keep, async (world) => {
    const { server } = world;
    await createObject(server, OBJECT, [
      { name: "name", type: "text" },
      { name: "status", type: "text" },
      { name: "end_date", type: "date" },
      { name: "signed_date", type: "date" },
    ]);
    const seeding = performance.now();
    for (let first = 1; first <= scanRows; first += 250_000)
      await seed(world, Math.min(250_000, scanRows - first + 1), first);
    await world.query(`VACUUM (ANALYZE) ${world.ws}.${OBJECT}`);
    progress(
      "3",
      `${formatCount(scanRows)} records in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );
    const enabling: Record<string, number> = {};
    for (const automation of AUTOMATIONS) {
      const started = performance.now();
      await createAutomation(server, {
        object: OBJECT,
        ...automation,
        condition: 'status = "active"',
        actions: [notifyOwner(false)],
      });
      enabling[automation.api_name] = Math.round(performance.now() - started);
    }
    const fields = await server.api.expect<{ fields: Array<{ api_name: string; indexed: boolean }> }>(
      "GET",
      `/api/meta/objects/${OBJECT}`,
      undefined,
      200,
    );
    const indexedFields = fields.fields.filter((f) => f.indexed).map((f) => f.api_name);
    await world.query(`ANALYZE ${world.ws}.${OBJECT}`);
    progress(
      "3",
      `automations enabled (ms each, the first on a date builds its index): ${JSON.stringify(enabling)}`,
    );
    ctx.results.push({
      phase: "3e",
      title: `enabling a date-relative automation over ${formatCount(scanRows)} records`,
      metric: "its date field indexed",
      value: Math.max(...Object.values(enabling)),
      unit: "ms",
      target: null,
      notes: `ms to save each (the first on a date builds its index): ${JSON.stringify(enabling)}`,
      check: {
        ok: indexedFields.includes("end_date") && indexedFields.includes("signed_date"),
        display: indexedFields.join(", ") || "none",
        expected: "end_date, signed_date",
      },
    });
    const indexed = await measureCase(ctx, world, "date fields indexed", ["3", "3b"]);
    for (const field of ["end_date", "signed_date"])
      await server.api.expect(
        "PATCH",
        `/api/meta/objects/${OBJECT}/fields/${field}`,
        { indexed: false },
        200,
      );
    await world.query(`ANALYZE ${world.ws}.${OBJECT}`);
    progress("3", "indexes removed through the metadata API");
    const plain = await measureCase(ctx, world, "date fields not indexed", ["3c", "3d"]);
    ctx.details["3"] = { automations: AUTOMATIONS.map((a) => a.api_name), enabling, indexed, plain };
  });
}
