import { readFileSync } from "node:fs";
import { addDays, zonedDate } from "@keduo/core";
import { type SmtpSink, startSmtpSink } from "../../../apps/server/src/test/smtp-sink.ts";
import { createDatabase, databaseUrl, dropDatabase } from "../lib/postgres.ts";
import type { ResultRow } from "../lib/report.ts";
import { type BenchServer, benchAdminId, startBenchServer } from "../lib/server.ts";

export interface AutomationSizes {
  /** Phase 1: reminders due in the same minute. */
  timers: number;
  /** Phase 2: record creates per second, and for how many seconds (after a 2 s warm-up). */
  rate: number;
  paceSeconds: number;
  /** Phase 3: rows of the object the due-scan runs over, and the records made due for the second scan. */
  scanRows: number;
  newlyDue: number;
  /** Phase 3: scans timed per case (nothing new due). */
  scans: number;
}

export interface AutomationContext {
  sizes: AutomationSizes;
  quick: boolean;
  keep: boolean;
  results: ResultRow[];
  details: Record<string, unknown>;
}

/** The server's organisation time zone (the bench leaves KEDUO_TIME_ZONE at its default). */
export const TIME_ZONE = "Asia/Shanghai";

/** Today on the business clock, and a day `days` from it (YYYY-MM-DD). */
export const today = () => zonedDate(new Date(), TIME_ZONE);
export const fromToday = (days: number) => addDays(today(), days);

export interface World {
  server: BenchServer;
  sink: SmtpSink;
  /** The system and workspace schemas, quoted for SQL the benchmark writes itself (fixed names only). */
  sys: string;
  ws: string;
  adminId: string;
  query<R extends object>(text: string, values?: unknown[]): Promise<R[]>;
}

/**
 * A fresh PostgreSQL database with a Keduo server whose mail goes to a real SMTP server (`smtp-server`, in
 * this process) and whose timed automations the benchmark scans itself; dropped afterwards unless `keep`.
 */
export async function withWorld<T>(
  name: string,
  keep: boolean,
  work: (world: World) => Promise<T>,
): Promise<T> {
  await dropDatabase(name);
  await createDatabase(name);
  const sink = await startSmtpSink();
  try {
    const server = await startBenchServer(
      { engine: "postgres", url: databaseUrl(name) },
      {
        env: { SMTP_URL: sink.url, SMTP_FROM: "Keduo <keduo@bench.local>" },
        automationScans: false,
        register: () => {},
      },
    );
    try {
      const { pool, schemas } = server.database;
      const query = async <R extends object>(text: string, values: unknown[] = []) =>
        (await pool.query<R>(text, values)).rows;
      const sys = `"${schemas.system}"`;
      return await work({
        server,
        sink,
        sys,
        ws: `"${schemas.workspace}"`,
        adminId: await benchAdminId(pool, schemas.system),
        query,
      });
    } finally {
      await server.close();
    }
  } finally {
    await sink.close();
    if (!keep) await dropDatabase(name);
  }
}

const labels = (name: string) => ({ "zh-CN": name, en: name });

/** An object with the given fields (text, date), created through the metadata API like an admin would. */
export async function createObject(
  server: BenchServer,
  object: string,
  fields: Array<{ name: string; type: "text" | "date"; indexed?: boolean }>,
) {
  await server.api.expect("POST", "/api/meta/objects", { api_name: object, labels: labels(object) }, 201);
  for (const field of fields)
    await server.api.expect(
      "POST",
      `/api/meta/objects/${object}/fields`,
      { api_name: field.name, type: field.type, labels: labels(field.name), indexed: field.indexed ?? false },
      201,
    );
}

/** A notify action to the record's owner: in-app, and by email when `email`. */
export const notifyOwner = (email: boolean) => ({
  kind: "notify",
  recipients: [{ kind: "owner" }],
  title: { "zh-CN": "提醒：{{name}}", en: "Reminder: {{name}}" },
  body: { "zh-CN": "{{name}} 需要跟进", en: "{{name}} needs a follow-up" },
  email,
});

export async function createAutomation(server: BenchServer, body: Record<string, unknown>) {
  return server.api.expect<{ id: string }>("POST", "/api/automations", { enabled: true, ...body }, 201);
}

/**
 * Polls `done` every `everyMs` until it holds; throws after `timeoutMs` with what `describe` says. The figures
 * come from the rows' and the SMTP server's own times, so polling only decides when to stop waiting.
 */
export async function until(
  what: string,
  done: () => Promise<boolean>,
  timeoutMs: number,
  options: { everyMs?: number; describe?: () => Promise<string> } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached in ${timeoutMs / 1000} s ${(await options.describe?.()) ?? ""}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}

export const seconds = (ms: number) => ms / 1000;

/** CPU seconds of a process so far (Linux /proc), 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Measures the CPU this process (server, SMTP sink and benchmark client) and PostgreSQL use from now until the
 * returned function is called: what the work costs, whoever else shares the cores. PostgreSQL is the bench
 * database's backends (autovacuum's included) and the server's own processes (WAL writer, checkpointer, …),
 * which other databases' work also uses; backends that ended meanwhile are missed.
 */
export async function cpuMeter(world: World) {
  const backends = async () =>
    (
      await world.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE (datname = current_database() OR datname IS NULL)
           AND pid <> pg_backend_pid()`,
      )
    ).map((row) => row.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
  const started = process.cpuUsage();
  return async () => {
    const own = process.cpuUsage(started);
    const postgres = (await backends()).reduce(
      (sum, pid) => sum + cpuSeconds(pid) - (before.get(pid) ?? 0),
      0,
    );
    return { node: (own.user + own.system) / 1e6, postgres };
  };
}
