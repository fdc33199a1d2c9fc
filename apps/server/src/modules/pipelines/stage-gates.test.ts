import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { settle, upload } from "../../test/import-client.ts";
import { createPipelineFixture } from "../../test/pipeline-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createPipelineFixture(app.admin);
});
afterAll(() => app?.close());

async function deal(body: Record<string, unknown>, client: HttpClient = app.admin) {
  const created = await client.post("/api/records/deal", { title: "Deal", ...body });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; version: number };
}

const move = (id: string, body: Record<string, unknown>) => app.admin.patch(`/api/records/deal/${id}`, body);
const issuesOf = (response: { body: { errors?: Array<{ field: string; code: string; message: string }> } }) =>
  (response.body.errors ?? []).map((e) => [e.field, e.code, e.message]);

describe(`stage gates on ${testEngine}`, () => {
  it("refuses a move forward with every unmet gate, each naming its stage, and lets it through once met", async () => {
    const { id } = await deal({ stage: "qualify" });
    const refused = await move(id, { stage: "proposal" });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.detail).toBe(
      "The move to “proposal” did not pass the stage gates: 2 unmet. Nothing was changed.",
    );
    expect(issuesOf(refused)).toEqual([
      ["amount", "stage_required_field", "Required to enter stage “proposal”"],
      ["budget_confirmed", "stage_deliverable", "Needed before leaving stage “qualify”"],
    ]);
    // Nothing was stored.
    expect((await app.admin.get(`/api/records/deal/${id}`)).body.stage).toBe("qualify");
    // In the user's language.
    const zh = await app.admin.request(
      "PATCH",
      `/api/records/deal/${id}`,
      { stage: "proposal" },
      {
        "accept-language": "zh-CN",
      },
    );
    expect(issuesOf(zh).map(([, , message]) => message)).toEqual([
      "进入“proposal阶段”阶段前须填写此项",
      "离开“qualify阶段”阶段前须完成此项",
    ]);
    const moved = await move(id, { stage: "proposal", amount: 500, budget_confirmed: true });
    expect(moved.status, moved.text).toBe(200);
    // Leaving the proposal needs amount ≥ 1000 (an exit condition, a formula).
    const early = await move(id, { stage: "negotiate" });
    expect(issuesOf(early)).toEqual([
      ["stage", "stage_gate", "Cannot leave “proposal”: The amount is at least 1000"],
    ]);
    expect((await move(id, { stage: "negotiate", amount: 1000 })).status).toBe(200);
  });

  it("enforces an entry condition that reads the write (PRIORVALUE), and lets a deal go back or be lost", async () => {
    const { id } = await deal({ stage: "qualify", budget_confirmed: true, amount: 5000 });
    const skipped = await move(id, { stage: "negotiate" });
    expect(issuesOf(skipped)).toEqual([
      ["stage", "stage_gate", "Cannot enter “negotiate”: Comes after the proposal"],
    ]);
    expect((await move(id, { stage: "proposal" })).status).toBe(200);
    // Going back needs no exit gate (amount < 1000 would block moving on).
    expect((await move(id, { stage: "qualify", amount: 10 })).status).toBe(200);
    const lost = await move(id, { stage: "lost" });
    expect(issuesOf(lost)).toEqual([
      ["lost_reason", "stage_required_field", "Required to enter stage “lost”"],
    ]);
    expect((await move(id, { stage: "lost", lost_reason: "price" })).status).toBe(200);
  });

  it("refuses a stage of another pipeline, and a create straight into a gated stage", async () => {
    const { id } = await deal({ pipeline: "project", stage: "tech" });
    const wrong = await move(id, { stage: "proposal" });
    expect(issuesOf(wrong)).toEqual([
      ["stage", "stage_not_in_pipeline", "“proposal” is not a stage of pipeline “Project”"],
    ]);
    const created = await app.admin.post("/api/records/deal", { title: "New", stage: "lost" });
    expect(issuesOf(created)).toEqual([
      ["lost_reason", "stage_required_field", "Required to enter stage “lost”"],
    ]);
  });

  it("refuses a bulk update as a whole when one record breaks a gate, naming its place", async () => {
    const a = await deal({ stage: "qualify", budget_confirmed: true, amount: 2000 });
    const b = await deal({ stage: "qualify" });
    const bulk = await app.admin.patch("/api/records/deal/bulk", {
      records: [
        { id: a.id, stage: "proposal" },
        { id: b.id, stage: "proposal" },
      ],
    });
    expect(bulk.status, bulk.text).toBe(422);
    expect(issuesOf(bulk).map(([field, code]) => [field, code])).toEqual([
      ["records.1.amount", "stage_required_field"],
      ["records.1.budget_confirmed", "stage_deliverable"],
    ]);
    expect((await app.admin.get(`/api/records/deal/${a.id}`)).body.stage).toBe("qualify");
  });

  it("refuses an imported row that breaks a gate and imports the others", async () => {
    const csv = "Title,Pipeline,Stage,Lost reason\nGood,sales,lost,price\nBad,sales,lost,\n";
    const uploaded = await upload(app.admin, "deal", "deals.csv", Buffer.from(csv));
    expect(uploaded.status, uploaded.text).toBe(201);
    const run = await app.admin.post(`/api/imports/${uploaded.body.id}/run`, {
      sheet: "CSV",
      header_row: 1,
      mapping: [
        { column: "A", field: "title" },
        { column: "B", field: "pipeline" },
        { column: "C", field: "stage" },
        { column: "D", field: "lost_reason" },
      ],
    });
    expect(run.status, run.text).toBe(202);
    const done = await settle(app.admin, uploaded.body.id);
    expect(done.counts).toMatchObject({ created: 1, failed: 1 });
    const report = await app.admin.get(`/api/imports/${uploaded.body.id}/errors`);
    expect(report.body.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [3, "Required to enter stage “lost”"],
    ]);
  });
});
