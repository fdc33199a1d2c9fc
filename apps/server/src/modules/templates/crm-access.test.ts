import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { applyCrm, create } from "./crm-test-support.ts";

let app: TestApp;
type Person = { id: string; client: HttpClient };
const people: Record<string, Person> = {};

/** A user on one of the template's roles, signed in. */
async function person(name: string, role: string, managerId?: string): Promise<Person> {
  const email = `${name}@crm.test`;
  const created = await app.admin.post("/api/users", {
    email,
    name,
    password: "password-123",
    roles: [role],
    ...(managerId ? { manager_id: managerId } : {}),
  });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.user.id, client: await app.login(email, "password-123") };
}

beforeAll(async () => {
  app = await startTestApp();
  await applyCrm(app.admin);
  people.manager = await person("manager", "sales_manager");
  people.rep = await person("rep", "sales_rep", people.manager.id);
  people.colleague = await person("colleague", "sales_rep");
  people.csm = await person("csm", "customer_success");
  people.finance = await person("finance", "finance");
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const read = (who: Person, object: string, id: string) => who.client.get(`/api/records/${object}/${id}`);

describe("the CRM template's roles and sharing", () => {
  it("keeps a rep's account from a colleague on the same role, and shows it to the rep's manager", async () => {
    const account = await create(people.rep!.client, "account", { name: "昆山精工", tier: "b" });
    expect((await read(people.rep!, "account", account.id)).status).toBe(200);
    expect((await read(people.colleague!, "account", account.id)).status).toBe(404);
    const list = await people.colleague!.client.get("/api/records/account");
    expect(list.status, list.text).toBe(200);
    expect(list.body.records.map((r: { id: string }) => r.id)).not.toContain(account.id);
    expect((await read(people.manager!, "account", account.id)).status).toBe(200);
  });

  it("shares accounts with customer success once they are customers, and with finance to read", async () => {
    const account = await create(people.rep!.client, "account", { name: "太仓新材", tier: "a" });
    expect((await read(people.csm!, "account", account.id)).status).toBe(404);
    const won = await people.rep!.client.patch(`/api/records/account/${account.id}`, {
      lifecycle_stage: "onboarding",
    });
    expect(won.status, won.text).toBe(200);
    expect((await read(people.csm!, "account", account.id)).status).toBe(200);
    const scored = await people.csm!.client.patch(`/api/records/account/${account.id}`, {
      satisfaction_score: 9,
    });
    expect(scored.status, scored.text).toBe(200);
    expect((await read(people.finance!, "account", account.id)).status).toBe(200);
    const edit = await people.finance!.client.patch(`/api/records/account/${account.id}`, { tier: "c" });
    expect(edit.status).toBe(403);
  });

  it("lets finance see contracts and payments but neither deals nor costs", async () => {
    const account = await create(people.rep!.client, "account", { name: "常熟机电" });
    const contract = await create(people.rep!.client, "contract", {
      name: "供货合同",
      account: account.id,
      amount: { amount: "88000.00", currency: "CNY" },
    });
    expect((await read(people.finance!, "contract", contract.id)).status).toBe(200);
    const payment = await create(people.finance!.client, "payment", {
      contract: contract.id,
      payment_date: "2026-03-15",
      amount: { amount: "88000.00", currency: "CNY" },
    });
    expect((await read(people.rep!, "payment", payment.id)).status).toBe(404);
    const deals = await people.finance!.client.get("/api/records/opportunity");
    expect(deals.status).toBe(403);
    const product = await create(people.manager!.client, "product", {
      name: "法兰 F-80",
      code: "F-80",
      cost_price: { amount: "31.00", currency: "CNY" },
      unit_price: { amount: "55.00", currency: "CNY" },
    });
    for (const who of [people.finance!, people.rep!]) {
      const seen = await read(who, "product", product.id);
      expect(seen.status, seen.text).toBe(200);
      expect(seen.body.unit_price).toEqual({ amount: "55.00", currency: "CNY" });
      expect(seen.body).not.toHaveProperty("cost_price");
    }
    expect((await read(people.manager!, "product", product.id)).body.cost_price.amount).toBe("31.00");
  });

  it("gives a task to its assignee, whoever created it", async () => {
    const task = await create(people.manager!.client, "task", {
      subject: "回访太仓新材",
      assignee: people.colleague!.id,
      due_date: "2026-03-20",
    });
    expect((await read(people.rep!, "task", task.id)).status).toBe(404);
    const done = await people.colleague!.client.patch(`/api/records/task/${task.id}`, { status: "done" });
    expect(done.status, done.text).toBe(200);
  });
});
