import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomation, createRecord, text } from "../../test/automation-fixture.ts";
import { addField, createObject } from "../../test/fixtures.ts";
import { type SmtpSink, startSmtpSink } from "../../test/smtp-sink.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

const RECORDS = 200;
let first: TestApp;
let second: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  const env = { SMTP_URL: sink.url, SMTP_FROM: "Keduo <keduo@two.test>" };
  first = await startTestApp({ env });
  second = await startTestApp({ env, sameDatabaseAs: first });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await sink?.close();
});

const count = async (query: ReturnType<typeof sql<{ n: string }>>) =>
  Number((await query.execute(first.database.db)).rows[0]?.n);

describe(`two instances on one ${testEngine} database`, () => {
  it(`turn ${RECORDS} creates into ${RECORDS} runs, notifications and emails, each once`, async () => {
    await createObject(first.admin, "visit");
    await addField(first.admin, "visit", { api_name: "name", type: "text" });
    await createAutomation(first.admin, {
      object: "visit",
      api_name: "visit_created",
      labels: text("新拜访", "New visit"),
      trigger: { kind: "record_created" },
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "owner" }],
          title: text("新拜访 {{name}}", "New visit {{name}}"),
          body: text("{{name}}"),
          email: true,
        },
      ],
    });
    // Half the writes through each instance, ten at a time.
    for (let i = 0; i < RECORDS; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          createRecord((j % 2 ? second : first).admin, "visit", { name: `visit ${i + j}` }),
        ),
      );
    // Besides both instances' queue workers, each instance also runs every run itself, at the same time.
    const runs = sql.id(first.database.schemas.system, "automation_runs");
    const { rows } = await sql<{ id: string }>`SELECT id FROM ${runs}`.execute(first.database.db);
    expect(rows).toHaveLength(RECORDS);
    for (let i = 0; i < rows.length; i += 20)
      await Promise.all(
        rows
          .slice(i, i + 20)
          .flatMap(({ id }) => [first.server.automation.execute(id), second.server.automation.execute(id)]),
      );
    const mail = sql.id(first.database.schemas.system, "mail_messages");
    await until(
      "every run finished and every email sent",
      async () =>
        (await count(sql`SELECT count(*) AS n FROM ${runs} WHERE status <> 'succeeded'`)) === 0 &&
        (await count(sql`SELECT count(*) AS n FROM ${mail} WHERE status = 'sent'`)) === RECORDS,
      60_000,
    );
    const done = await sql<{ steps: unknown[] }>`SELECT steps FROM ${runs}`.execute(first.database.db);
    expect(done.rows.filter((run) => run.steps.length !== 1)).toEqual([]);
    const notifications = sql.id(first.database.schemas.system, "notifications");
    expect(await count(sql`SELECT count(*) AS n FROM ${notifications}`)).toBe(RECORDS);
    expect(await count(sql`SELECT count(DISTINCT link_record_id) AS n FROM ${notifications}`)).toBe(RECORDS);
    expect(await count(sql`SELECT count(*) AS n FROM ${mail}`)).toBe(RECORDS);
    expect(sink.received).toHaveLength(RECORDS);
    expect(new Set(sink.received.map((m) => m.headers.get("message-id"))).size).toBe(RECORDS);
  });
});
