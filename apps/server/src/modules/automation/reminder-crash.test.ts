import { zonedDate } from "@keduo/core";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type ChildServer, startChildServer } from "../../test/child-server.ts";
import { addField, createObject } from "../../test/fixtures.ts";
import { HttpClient } from "../../test/http-client.ts";
import { type SmtpSink, startSmtpSink } from "../../test/smtp-sink.ts";
import { testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

/** Reminders due at once: 1,000 in CI; KEDUO_CRASH_REMINDERS=10000 for the full figure. */
const REMINDERS = Number(process.env.KEDUO_CRASH_REMINDERS || 1000);
const KILLS = 3;
const CHILD = new URL("./test-support/crash-child.ts", import.meta.url).pathname;
const postgresUrl = process.env.KEDUO_TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const prefix = `remind${process.pid}_`;
const system = `${prefix}keduo`;
const admin = { email: "crash@keduo.test", password: "crash-password-1" };
const children: ChildServer[] = [];
const client = new pg.Client({ connectionString: postgresUrl });
let sink: SmtpSink | null = null;

/** When the running server started (database time): the jobs it holds were started since. */
let startedAt = new Date(0);

const start = async () => {
  startedAt = (await client.query<{ now: Date }>("SELECT now()")).rows[0]!.now;
  const child = await startChildServer(CHILD, {
    DATABASE_URL: postgresUrl,
    KEDUO_SCHEMA_PREFIX: prefix,
    KEDUO_ADMIN_EMAIL: admin.email,
    KEDUO_ADMIN_PASSWORD: admin.password,
    SMTP_URL: sink?.url ?? "",
    SMTP_FROM: "Keduo <keduo@crash.test>",
    KEDUO_MAIL_RETRY_SECONDS: "1",
    // A killed instance's jobs are retried within seconds instead of a minute and more.
    KEDUO_JOBS_HEARTBEAT_SECONDS: "10",
    KEDUO_JOBS_SUPERVISE_SECONDS: "2",
  });
  children.push(child);
  return child;
};

const count = async (text: string) => Number((await client.query(text)).rows[0].n);
const received = () => new Set(sink?.received.map((mail) => mail.headers.get("message-id")));

afterAll(async () => {
  for (const child of children) if (child.child.exitCode === null) await child.kill();
  await sink?.close();
  if (testEngine !== "postgres") return;
  await client.query(
    `DROP SCHEMA IF EXISTS ${prefix}ws_main CASCADE; DROP SCHEMA IF EXISTS ${system} CASCADE;
     DROP SCHEMA IF EXISTS ${system}_jobs CASCADE`,
  );
  await client.end();
});

describe.runIf(testEngine === "postgres")(
  "kill -9 while reminders are delivered (PostgreSQL only: embedded PGlite dies with the server it lives in)",
  () => {
    it(`delivers all ${REMINDERS} reminders due at once through three kills, each occurrence with one Message-ID`, async () => {
      await client.connect();
      sink = await startSmtpSink();
      let server = await start();
      const api = new HttpClient(server.url);
      await api.login(admin.email, admin.password);
      await createObject(api, "reminder_item");
      await addField(api, "reminder_item", { api_name: "name", type: "text" });
      await addField(api, "reminder_item", { api_name: "due_on", type: "date", indexed: true });
      // Set-based, like a big import: every record due today, owned by the admin.
      await client.query(
        `INSERT INTO ${prefix}ws_main.reminder_item
         (id, created_at, updated_at, created_by, updated_by, owner_id, version, name, due_on)
       SELECT gen_random_uuid(), now(), now(), u.id, u.id, u.id, 1, 'item ' || i, $1::date
       FROM generate_series(1, $2::int) AS i, ${system}.users AS u WHERE u.email = $3`,
        [zonedDate(new Date(), "Asia/Shanghai"), REMINDERS, admin.email],
      );
      const created = await api.post("/api/automations", {
        enabled: true,
        object: "reminder_item",
        api_name: "due_today",
        labels: { "zh-CN": "今天到期", en: "Due today" },
        trigger: { kind: "date_relative", field: "due_on", offset: 0, unit: "days", late_days: 1 },
        actions: [
          {
            kind: "notify",
            recipients: [{ kind: "owner" }],
            title: { "zh-CN": "{{name}} 今天到期", en: "{{name}} is due today" },
            body: { "zh-CN": "请处理 {{name}}", en: "Please see to {{name}}" },
            email: true,
          },
        ],
      });
      expect(created.status, created.text).toBe(201);

      // Three times: wait until delivery is under way, kill -9, count the jobs the dead server held, restart.
      const inFlight: Array<{ mail: number; runs: number; delivered: number }> = [];
      for (let kill = 1; kill <= KILLS; kill++) {
        const target = Math.floor((REMINDERS * kill) / (KILLS + 1.5));
        await until(`${target} reminders delivered`, () => received().size >= target, 120_000);
        await server.kill();
        const { rows } = await client.query<{ name: string; n: string }>(
          `SELECT name, count(*) AS n FROM ${system}_jobs.job WHERE state = 'active' AND started_on >= $1
         GROUP BY name`,
          [startedAt],
        );
        const held = (queue: string) => Number(rows.find((row) => row.name === queue)?.n ?? 0);
        inFlight.push({
          mail: held("keduo-mail"),
          runs: held("keduo-automation-run"),
          delivered: received().size,
        });
        server = await start();
      }
      await until("every reminder delivered", () => received().size >= REMINDERS, 180_000);
      await until(
        "every run and message settled",
        async () =>
          (await count(`SELECT count(*) AS n FROM ${system}.automation_runs WHERE status <> 'succeeded'`)) ===
            0 &&
          (await count(`SELECT count(*) AS n FROM ${system}.mail_messages WHERE status <> 'sent'`)) === 0,
        60_000,
      );
      await server.stop();

      // One occurrence, one run, one action step, one notification and one stored message per record.
      expect(await count(`SELECT count(*) AS n FROM ${system}.automation_occurrences`)).toBe(REMINDERS);
      const runs = await client.query<{ record_id: string; steps: unknown[]; key: string }>(
        `SELECT r.record_id, r.steps, m.message_key AS key FROM ${system}.automation_runs r
       JOIN ${system}.mail_messages m ON m.message_key LIKE r.id || '.%'`,
      );
      expect(runs.rows).toHaveLength(REMINDERS);
      expect(new Set(runs.rows.map((row) => row.record_id)).size).toBe(REMINDERS);
      expect(runs.rows.filter((row) => row.steps.length !== 1)).toEqual([]);
      expect(await count(`SELECT count(DISTINCT link_record_id) AS n FROM ${system}.notifications`)).toBe(
        REMINDERS,
      );
      expect(await count(`SELECT count(*) AS n FROM ${system}.notifications`)).toBe(REMINDERS);

      // 0 lost: every occurrence's Message-ID arrived; nothing else did; a repeat carries the same Message-ID.
      const expected = new Set(runs.rows.map((row) => `<${row.key}@crash.test>`));
      const ids = received();
      expect([...expected].filter((id) => !ids.has(id))).toEqual([]);
      expect(ids.size).toBe(REMINDERS);
      const duplicates = (sink?.received.length ?? 0) - ids.size;
      const heldMail = inFlight.reduce((sum, kill) => sum + kill.mail, 0);
      console.log(
        `reminder crash test: ${REMINDERS} reminders, ${sink?.received.length} messages received, ` +
          `${ids.size} distinct Message-IDs, ${duplicates} duplicates; jobs in flight at the kills ` +
          JSON.stringify(inFlight),
      );
      expect(duplicates).toBeLessThanOrEqual(heldMail);
    }, 300_000);
  },
);
