import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomation, text } from "../../test/automation-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  const object = await app.admin.post("/api/meta/objects", {
    api_name: "visit_plan",
    labels: text("拜访计划", "Visit plan"),
  });
  expect(object.status, object.text).toBe(201);
  for (const [name, type] of [
    ["name", "text"],
    ["visit_on", "date"],
    ["review_on", "date"],
    ["met_at", "datetime"],
  ] as const) {
    const field = await app.admin.post("/api/meta/objects/visit_plan/fields", {
      api_name: name,
      type,
      labels: text(name),
    });
    expect(field.status, field.text).toBe(201);
  }
});
afterAll(() => app?.close());

/** Whether the field says it is indexed, and the index the database has on its column. */
async function indexOf(field: string) {
  const read = await app.admin.get(`/api/meta/objects/visit_plan`);
  expect(read.status, read.text).toBe(200);
  const definition = (read.body.fields as Array<{ api_name: string; indexed: boolean }>).find(
    (f) => f.api_name === field,
  );
  const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes
    WHERE schemaname = ${app.database.schemas.workspace} AND tablename = 'visit_plan'
      AND indexdef LIKE ${`%(${field}, id)%`}`.execute(app.database.db);
  return { indexed: definition?.indexed, indexes: rows.length };
}

const remind = (name: string, field: string, enabled: boolean) =>
  createAutomation(app.admin, {
    object: "visit_plan",
    api_name: name,
    labels: text(name),
    enabled,
    trigger: { kind: "date_relative", field, offset: -1, unit: "days" },
    actions: [{ kind: "notify", recipients: [{ kind: "owner" }], title: text("拜访"), body: text("明天") }],
  });

describe(`the date a timed automation scans, on ${testEngine}`, () => {
  it("is indexed when a date-relative automation on it is enabled, and stays so when it is switched off", async () => {
    expect(await indexOf("visit_on")).toEqual({ indexed: false, indexes: 0 });
    const automation = await remind("visit_reminder", "visit_on", true);
    expect(await indexOf("visit_on")).toEqual({ indexed: true, indexes: 1 });
    const off = await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
    expect(off.status, off.text).toBe(200);
    expect(await indexOf("visit_on")).toEqual({ indexed: true, indexes: 1 });
    // A second automation on the same date adds nothing.
    await remind("visit_reminder_again", "visit_on", true);
    expect(await indexOf("visit_on")).toEqual({ indexed: true, indexes: 1 });
  });

  it("is not indexed while its automation is off, and is once the automation is switched on", async () => {
    const automation = await remind("review_reminder", "review_on", false);
    expect(await indexOf("review_on")).toEqual({ indexed: false, indexes: 0 });
    const on = await app.admin.patch(`/api/automations/${automation.id}`, { enabled: true });
    expect(on.status, on.text).toBe(200);
    expect(await indexOf("review_on")).toEqual({ indexed: true, indexes: 1 });
  });

  it("leaves a date-time field as it is (its due day depends on the time zone, which no plain index serves)", async () => {
    await remind("meeting_reminder", "met_at", true);
    expect((await indexOf("met_at")).indexed).toBe(false);
  });
});
