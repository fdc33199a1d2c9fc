import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyBundle, exportBundle } from "../../test/bundle-client.ts";
import { label } from "../../test/fixtures.ts";
import { createPipelineFixture, PIPELINES } from "../../test/pipeline-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, signIn } from "../../test/test-users.ts";

let app: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startTestApp();
  await createPipelineFixture(app.admin);
});
afterAll(() => app?.close());

const problems = (response: { body: { errors?: Array<{ field: string; code: string }> } }) =>
  (response.body.errors ?? []).map((e) => `${e.field} ${e.code}`);

describe(`pipeline definitions on ${testEngine}`, () => {
  it("lists the object's pipelines in order to any signed-in user; only admins change them", async () => {
    const member = await signIn(app, await createTestUser(app, { roles: ["member"] }));
    const listed = await member.get(PIPELINES);
    expect(listed.status, listed.text).toBe(200);
    expect(
      listed.body.pipelines.map((p: { api_name: string; is_default: boolean }) => [p.api_name, p.is_default]),
    ).toEqual([
      ["sales", true],
      ["project", false],
    ]);
    expect(listed.body.pipelines[0].stages[1]).toMatchObject({
      value: "proposal",
      kind: "open",
      probability: 40,
      required_fields: ["amount"],
      guidance: { "zh-CN": "发送方案", en: "Send the proposal" },
    });
    const refused = await member.patch(`${PIPELINES}/sales`, { labels: label("x", "x") });
    expect(refused.status).toBe(403);
  });

  it("reports every problem of a definition at once", async () => {
    const response = await app.admin.post(PIPELINES, {
      api_name: "renewal",
      labels: label("续约", "Renewal"),
      stage_field: "stage",
      pipeline_field: "pipeline",
      stages: [
        { value: "nope", probability: 120 },
        {
          value: "qualify",
          required_fields: ["ghost", "pipeline"],
          owner: { kind: "role", role: "no_such_role" },
        },
        {
          value: "won",
          kind: "won",
          entry_conditions: [{ condition: "amount >", message: label("坏", "Bad") }],
        },
        { value: "lost", kind: "lost", owner: { kind: "user_field", field: "title" } },
      ],
    });
    expect(response.status, response.text).toBe(400);
    expect(problems(response)).toEqual(
      expect.arrayContaining([
        "api_name pipeline_not_an_option",
        "stages.0.value invalid_option",
        "stages.0.probability out_of_range",
        "stages.1.required_fields.0 unknown_field",
        "stages.1.owner.role unknown_role",
        expect.stringMatching(/^stages\.2\.entry_conditions\.0\.condition /),
        "stages.3.owner.field stage_owner_not_user",
      ]),
    );
    expect((await app.admin.get(PIPELINES)).body.pipelines).toHaveLength(2);
  });

  it("refuses to drop a stage that holds records, with the count", async () => {
    for (const title of ["a", "b"])
      expect(
        (await app.admin.post("/api/records/deal", { title, pipeline: "project", stage: "sample" })).status,
      ).toBe(201);
    const project = (await app.admin.get(`${PIPELINES}/project`)).body;
    const dropped = await app.admin.patch(`${PIPELINES}/project`, {
      stages: project.stages.filter((s: { value: string }) => s.value !== "sample"),
    });
    expect(dropped.status, dropped.text).toBe(409);
    expect(dropped.body).toMatchObject({ code: "PIPELINE_STAGE_IN_USE" });
    expect(dropped.body.detail).toContain("still holds 2 records");
    // Adding a stage and reordering is fine.
    const changed = await app.admin.patch(`${PIPELINES}/project`, {
      stages: [project.stages[1], project.stages[0], ...project.stages.slice(2)],
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.stages.map((s: { value: string }) => s.value)).toEqual([
      "sample",
      "tech",
      "won",
      "lost",
    ]);
  });

  it("refuses a field change that would break a pipeline, naming it", async () => {
    const hide = await app.admin.delete("/api/meta/objects/deal/fields/amount");
    expect(hide.status, hide.text).toBe(409);
    expect(hide.body).toMatchObject({ code: "FIELD_USED_BY_PIPELINE" });
    expect(hide.body.detail).toContain("deal.sales");
    const stageField = (await app.admin.get("/api/meta/objects/deal")).body.fields.find(
      (f: { api_name: string }) => f.api_name === "stage",
    );
    const fewer = await app.admin.patch("/api/meta/objects/deal/fields/stage", {
      config: {
        options: stageField.config.options.filter((o: { value: string }) => o.value !== "negotiate"),
      },
    });
    expect(fewer.status, fewer.text).toBe(409);
    expect(fewer.body.code).toBe("FIELD_USED_BY_PIPELINE");
  });
});

describe(`stage history on ${testEngine}`, () => {
  it("keeps each stay with who moved it and the time in stage, following the business clock", async () => {
    const created = await app.admin.post("/api/records/deal", {
      title: "Clocked",
      stage: "qualify",
      budget_confirmed: true,
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const createdBy = created.body.created_by;
    app.clock.advance(3 * DAY);
    try {
      const moved = await app.admin.patch(`/api/records/deal/${id}`, { stage: "proposal", amount: 2000 });
      expect(moved.status, moved.text).toBe(200);
      // An edit that does not move the stage leaves the history alone.
      expect((await app.admin.patch(`/api/records/deal/${id}`, { title: "Clocked!" })).status).toBe(200);
      app.clock.advance(DAY / 2);
      const history = await app.admin.get(`/api/records/deal/${id}/stage-history`);
      expect(history.status, history.text).toBe(200);
      expect(
        history.body.stays.map(
          (s: { stage: string; seconds: number; left_at: string | null; entered_by: string }) => [
            s.stage,
            s.seconds,
            s.left_at === null,
            s.entered_by === createdBy,
          ],
        ),
      ).toEqual([
        ["qualify", 3 * 86_400, false, true],
        ["proposal", 43_200, true, true],
      ]);
      // A move to another pipeline starts a stay there.
      const switched = await app.admin.patch(`/api/records/deal/${id}`, {
        pipeline: "project",
        stage: "tech",
      });
      expect(switched.status, switched.text).toBe(200);
      const after = await app.admin.get(`/api/records/deal/${id}/stage-history`);
      expect(
        after.body.stays.map((s: { pipeline: string; stage: string }) => `${s.pipeline}.${s.stage}`),
      ).toEqual(["sales.qualify", "sales.proposal", "project.tech"]);
    } finally {
      app.clock.advance(-3.5 * DAY);
    }
  });

  it("shows a record's history only to those who may read the record", async () => {
    const own = await app.admin.post("/api/records/deal", { title: "Private", stage: "qualify" });
    expect((await app.admin.patch("/api/meta/objects/deal", { sharing_default: "private" })).status).toBe(
      200,
    );
    const member = await app.admin.patch("/api/meta/roles/member", {
      permissions: { default_objects: { read: true, create: true, edit: true, delete: false } },
    });
    expect(member.status, member.text).toBe(200);
    const stranger = await signIn(app, await createTestUser(app, { roles: ["member"] }));
    const mine = await stranger.post("/api/records/deal", { title: "Mine", stage: "qualify" });
    expect((await stranger.get(`/api/records/deal/${mine.body.id}/stage-history`)).body.stays).toHaveLength(
      1,
    );
    const response = await stranger.get(`/api/records/deal/${own.body.id}/stage-history`);
    expect(response.status).toBe(404);
  });
});

describe(`pipelines in a bundle on ${testEngine}`, () => {
  it("export with the object, install on an empty system, and apply again without changes", async () => {
    const files = await exportBundle(app.admin);
    const deal = JSON.parse(files["objects/deal.json"]!);
    expect(Object.keys(deal.pipelines)).toEqual(["project", "sales"]);
    expect(deal.pipelines.sales).toMatchObject({ stage_field: "stage", is_default: true, position: 0 });
    const target = await startTestApp();
    try {
      const applied = await applyBundle(target.admin, files);
      expect(applied.status, applied.text).toBe(200);
      const installed = await target.admin.get(PIPELINES);
      expect(installed.body.pipelines.map((p: { api_name: string }) => p.api_name)).toEqual([
        "sales",
        "project",
      ]);
      const gated = await target.admin.post("/api/records/deal", { title: "x", stage: "lost" });
      expect(gated.status).toBe(422);
      const again = await applyBundle(target.admin, files);
      expect(again.status, again.text).toBe(200);
      expect(again.body).toMatchObject({ applied: false, summary: { create: 0, update: 0, refused: 0 } });
      expect((await exportBundle(target.admin))["objects/deal.json"]).toEqual(files["objects/deal.json"]);
    } finally {
      await target.close();
    }
  });
});
