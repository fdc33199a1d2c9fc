import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { applyCrm, create } from "./crm-test-support.ts";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await applyCrm(app.admin);
});
afterAll(() => app?.close());

const yuan = (amount: string) => ({ amount, currency: "CNY" });

describe(`the CRM template's processes on ${testEngine}`, () => {
  it("ships the 8-stage sales pipeline (default) and the 12-stage project pipeline, with gates", async () => {
    const { pipelines } = (await app.admin.get("/api/meta/objects/opportunity/pipelines")).body;
    expect(
      pipelines.map((p: { api_name: string; is_default: boolean; stages: unknown[] }) => [
        p.api_name,
        p.is_default,
        p.stages.length,
      ]),
    ).toEqual([
      ["sales", true, 10],
      ["project", false, 14],
    ]);
    const account = await create(app.admin, "account", { name: "苏州精工" });
    const deal = await create(app.admin, "opportunity", {
      name: "齿轮项目",
      account: account.id,
      stage: "needs_analysis",
    });
    const refused = await app.admin.patch(`/api/records/opportunity/${deal.id}`, { stage: "proposal" });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ["amount", "close_date", "proposal_document", "stage"].filter((f) => f !== "proposal_document"),
    );
    const moved = await app.admin.patch(`/api/records/opportunity/${deal.id}`, {
      stage: "proposal",
      budget_confirmed: true,
      amount: yuan("800000"),
      close_date: "2026-06-30",
    });
    expect(moved.status, moved.text).toBe(200);
  });

  it("converts a lead into an account, a contact and an opportunity, and shows them on the account's 360", async () => {
    const lead = await create(app.admin, "lead", {
      company: "无锡华光电子有限公司",
      contact_name: "周工",
      phone: "13912345678",
      email: "zhou@huaguang.example",
      status: "new",
    });
    const check = await app.admin.post(`/api/records/lead/${lead.id}/convert/check`, {});
    expect(check.status, check.text).toBe(200);
    const converted = await app.admin.post(`/api/records/lead/${lead.id}/convert`, {});
    expect(converted.status, converted.text).toBe(201);
    const { records } = converted.body;
    const after = (await app.admin.get(`/api/records/lead/${lead.id}`)).body;
    expect(after).toMatchObject({ status: "converted", converted_account: records.account });
    await create(app.admin, "activity", {
      subject: "首次拜访",
      type: "visit",
      occurred_at: "2026-03-10T02:00:00.000Z",
      account: records.account,
    });
    const overview = await app.admin.get(`/api/records/account/${records.account}/360`);
    expect(overview.status, overview.text).toBe(200);
    expect(overview.body.kpis.map((k: { key: string }) => k.key)).toEqual([
      "lifetime_value",
      "open_pipeline",
      "last_contact",
      "next_contract_end",
      "receivable",
      "open_tickets",
    ]);
    const totals = Object.fromEntries(
      overview.body.sections.map((s: { key: string; total: number }) => [s.key, s.total]),
    );
    expect(totals).toMatchObject({ contacts: 1, opportunities: 1, activities: 1 });
    expect(overview.body.kpis.find((k: { key: string }) => k.key === "last_contact").value).toBe(
      "2026-03-10T02:00:00.000Z",
    );
  });
});
