import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFile } from "../../test/private-reps.ts";
import { expectCleanProblem } from "../../test/problems.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { applyCrm, create } from "./crm-test-support.ts";

let app: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ now: new Date("2026-03-15T02:00:00Z") });
  await applyCrm(app.admin);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const SUZHOU = { province: "320000", city: "320500", district: null, detail: "苏州工业园区星湖街 328 号" };
const yuan = (amount: string) => ({ amount, currency: "CNY" });

describe("records in every object of the CRM template", () => {
  it("takes a lead, an account with its contact, an opportunity and the follow-up around them", async () => {
    const lead = await create(app.admin, "lead", {
      company: "苏州精密传动有限公司",
      contact_name: "王磊",
      job_title: "采购经理",
      phone: "0512-6588 1234",
      email: "wanglei@example.com",
      source: "exhibition",
      region: SUZHOU,
      industry: "automotive",
      requirements: "年需求约 20 万件齿轮轴，要求 IATF 16949",
    });
    expect(lead.status).toBe("new");
    ids.lead = lead.id;

    const account = await create(app.admin, "account", {
      name: "华东汽车零部件股份有限公司",
      tier: "a",
      phone: "0512-6255 8888",
      website: "https://example.com",
      industry: "automotive",
      source: "referral",
      region: SUZHOU,
      annual_revenue: yuan("350000000.00"),
      employees: 1200,
      satisfaction_score: 8.5,
    });
    expect(account.lifecycle_stage).toBe("prospect");
    ids.account = account.id;
    const contact = await create(app.admin, "contact", {
      name: "李娜",
      account: account.id,
      title: "技术总监",
      decision_role: "key_decision_maker",
      phone: "13800001234",
      email: "lina@example.com",
      wechat: "lina_tech",
      birthday: "1982-06-18",
    });
    ids.contact = contact.id;
    const main = await app.admin.patch(`/api/records/account/${account.id}`, { main_contact: contact.id });
    expect(main.status, main.text).toBe(200);

    const proposal = await uploadFile(app.admin, new TextEncoder().encode("方案 v1"), "方案.pdf");
    const opportunity = await create(app.admin, "opportunity", {
      name: "新能源车型齿轮轴项目",
      account: account.id,
      primary_contact: contact.id,
      amount: yuan("1280000.00"),
      close_date: "2026-03-28",
      probability: 60,
      pipeline: "project",
      stage: "sample_testing",
      next_step: "3 月 20 日送第二批样品",
      budget_confirmed: true,
      proposal_document: [proposal],
    });
    expect(opportunity).toMatchObject({ pipeline: "project", stage: "sample_testing", probability: 60 });
    ids.opportunity = opportunity.id;
    const sales = await create(app.admin, "opportunity", { name: "年度备件", account: account.id });
    expect(sales).toMatchObject({ pipeline: "sales", stage: "lead_capture" });

    await create(app.admin, "activity", {
      subject: "样品测试结果沟通",
      type: "visit",
      occurred_at: "2026-03-14T06:30:00Z",
      notes: "客户对尺寸一致性满意，需补充盐雾测试报告",
      account: account.id,
      contact: contact.id,
      opportunity: opportunity.id,
    });
    await create(app.admin, "activity", { subject: "展会后首次电话", type: "call", lead: lead.id });
    const task = await create(app.admin, "task", {
      subject: "发送盐雾测试报告",
      assignee: (await app.admin.get("/api/auth/me")).body.user.id,
      due_date: "2026-03-18",
      priority: "high",
      account: account.id,
      opportunity: opportunity.id,
      contact: contact.id,
    });
    expect(task).toMatchObject({ status: "open", priority: "high" });
    const ticket = await create(app.admin, "ticket", {
      subject: "第三批来料尺寸超差",
      account: account.id,
      contact: contact.id,
      type: "complaint",
      priority: "urgent",
      description: "抽检 50 件有 3 件外径超差 0.02 mm",
    });
    expect(ticket).toMatchObject({ status: "new", ticket_number: "GD-2026-0001" });
  });

  it("refuses a lost deal without a reason (the lost stage's gate), with the error on the lost reason field", async () => {
    const response = await app.admin.patch(`/api/records/opportunity/${ids.opportunity}`, { stage: "lost" });
    expectCleanProblem(response, 422, "STAGE_GATE_FAILED", {
      field: "lost_reason",
      code: "stage_required_field",
    });
    const lost = await app.admin.patch(`/api/records/opportunity/${ids.opportunity}`, {
      stage: "lost",
      lost_reason: "competitor",
    });
    expect(lost.status, lost.text).toBe(200);
  });

  it("prices a quote from its lines in exact decimals, in the quote's one currency", async () => {
    const product = await create(app.admin, "product", {
      name: "齿轮轴 GS-40",
      code: "GS-40",
      specification: "Φ40×180 mm，20CrMnTi",
      unit: "pcs",
      unit_price: yuan("86.50"),
      cost_price: yuan("52.30"),
    });
    expect(product.active).toBe(true);
    const book = await create(app.admin, "price_book", {
      name: "2026 华东区价格表",
      valid_from: "2026-01-01",
      valid_until: "2026-12-31",
    });
    const entry = await create(app.admin, "price_book_entry", {
      price_book: book.id,
      product: product.id,
      list_price: yuan("82.00"),
      min_quantity: 1000,
    });
    expect(entry.entry_name).toBe("齿轮轴 GS-40 · 2026 华东区价格表");

    const quote = await create(app.admin, "quote", {
      name: "齿轮轴首批报价",
      account: ids.account,
      opportunity: ids.opportunity,
      valid_until: "2026-04-15",
    });
    expect(quote).toMatchObject({ quote_number: "BJ-2026-0001", status: "draft", currency: "cny" });
    // 3 × 0.10 and 0.20 are where binary floating point goes wrong; 1234.56 × 7 × 0.875 needs rounding.
    const lines = [
      { quantity: 3, unit_price: 0.1, discount: 0, unit_cost: 0.05 },
      { quantity: 1, unit_price: 0.2 },
      { quantity: 7, unit_price: 1234.56, discount: 12.5, unit_cost: 700 },
      { quantity: 20000, unit_price: 82, discount: 5, product: product.id, unit_cost: 52.3 },
    ];
    const totals = [];
    for (const line of lines) {
      const created = await create(app.admin, "quote_line", { quote: quote.id, ...line });
      totals.push(created.line_total);
    }
    expect(totals).toEqual([0.3, 0.2, 7561.68, 1558000]);
    const read = (await app.admin.get(`/api/records/quote/${quote.id}`)).body;
    // 0.3 + 0.2 + 7561.68 + 1558000; the margins: 0.15 + (7561.68 − 4900) + (1558000 − 1046000).
    expect(read.total).toBe(1565562.18);
    expect(read.margin).toBe(514661.83);
    // A line's price is in the quote's currency: money of another currency cannot be added to the total.
    const dollars = await app.admin.post("/api/records/quote_line", {
      quote: quote.id,
      quantity: 1,
      unit_price: { amount: "10.00", currency: "USD" },
    });
    expectCleanProblem(dollars, 400, "VALIDATION_FAILED", { field: "unit_price", code: "invalid_type" });
  });

  it("refuses a negative quantity and a discount over 100 %, each with its field's error", async () => {
    const [quote] = (await app.admin.get("/api/records/quote")).body.records;
    const negative = await app.admin.post("/api/records/quote_line", {
      quote: quote.id,
      quantity: -2,
      unit_price: 10,
    });
    expectCleanProblem(negative, 400, "VALIDATION_FAILED", { field: "quantity", code: "validation_rule" });
    const discount = await app.admin.post("/api/records/quote_line", {
      quote: quote.id,
      quantity: 1,
      unit_price: 10,
      discount: 120,
    });
    expectCleanProblem(discount, 400, "VALIDATION_FAILED", { field: "discount", code: "validation_rule" });
  });

  it("numbers contracts HT-{year}-{0000} and records their payment plan and payments", async () => {
    const first = await create(app.admin, "contract", {
      name: "齿轮轴年度供货合同",
      account: ids.account,
      opportunity: ids.opportunity,
      amount: yuan("1558000.00"),
      signed_date: "2026-03-20",
      start_date: "2026-04-01",
      end_date: "2027-03-31",
      status: "signed",
    });
    const second = await create(app.admin, "contract", {
      name: "备件框架协议",
      account: ids.account,
      amount: { amount: "20000.00", currency: "USD" },
    });
    expect([first.contract_number, second.contract_number]).toEqual(["HT-2026-0001", "HT-2026-0002"]);
    expect(second.amount).toEqual({ amount: "20000.00", currency: "USD" });
    const backwards = await app.admin.post("/api/records/contract", {
      name: "倒签",
      account: ids.account,
      amount: yuan("1.00"),
      start_date: "2026-04-01",
      end_date: "2026-03-01",
    });
    expectCleanProblem(backwards, 400, "VALIDATION_FAILED", { field: "end_date", code: "validation_rule" });

    const plan = await create(app.admin, "payment_plan", {
      name: "首付款 30%",
      contract: first.id,
      due_date: "2026-04-10",
      amount: yuan("467400.00"),
    });
    expect(plan.status).toBe("pending");
    const payment = await create(app.admin, "payment", {
      contract: first.id,
      payment_plan: plan.id,
      payment_date: "2026-04-08",
      amount: yuan("467400.00"),
      method: "acceptance_bill",
    });
    expect(payment.payment_number).toBe("HK-2026-0001");
    const zero = await app.admin.post("/api/records/payment", {
      contract: first.id,
      payment_date: "2026-04-09",
      amount: yuan("0.00"),
    });
    expectCleanProblem(zero, 400, "VALIDATION_FAILED", { field: "amount", code: "validation_rule" });
  });
});
