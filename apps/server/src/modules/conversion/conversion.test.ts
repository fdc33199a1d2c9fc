import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

let app: TestApp;
let rep: { id: string; client: HttpClient };
const relation = (target: string, inverse: string) => ({
  relation: {
    target,
    cardinality: "many_to_one",
    inverse_name: inverse,
    inverse_labels: label(inverse, inverse),
  },
});

beforeAll(async () => {
  app = await startTestApp();
  const field = (object: string, api_name: string, type: string, extra: Record<string, unknown> = {}) =>
    addField(app.admin, object, { api_name, type, ...extra });
  for (const [object, zh] of [
    ["account", "客户"],
    ["contact", "联系人"],
    ["opportunity", "商机"],
    ["lead", "线索"],
  ] as const)
    await createObject(app.admin, object, zh, object);
  await field("account", "name", "text", { required: true });
  await field("account", "phone", "phone");
  await field("contact", "name", "text", { required: true });
  await field("contact", "email", "email");
  await field("contact", "phone", "phone");
  await field("contact", "account", "relation", { config: relation("account", "contacts") });
  await field("opportunity", "name", "text", { required: true });
  await field("opportunity", "amount", "number", { required: true });
  await field("opportunity", "account", "relation", { config: relation("account", "opportunities") });
  await field("opportunity", "contact", "relation", { config: relation("contact", "opportunities") });
  await field("lead", "company", "text", { required: true });
  await field("lead", "person", "text");
  await field("lead", "phone", "phone");
  await field("lead", "email", "email");
  await field("lead", "budget", "number");
  await field("lead", "status", "single_select", {
    config: { options: ["new", "converted"].map((value) => ({ value, labels: label(value, value) })) },
  });
  await field("lead", "account", "relation", { config: relation("account", "leads") });
  await field("lead", "contact", "relation", { config: relation("contact", "leads") });
  await field("lead", "opportunity", "relation", { config: relation("opportunity", "leads") });
  const defined = await app.admin.request("PUT", "/api/meta/objects/lead/conversion", {
    targets: [
      {
        key: "account",
        object: "account",
        labels: label("客户", "Account"),
        fields: { name: "company", phone: "phone" },
        match: ["name", "phone"],
      },
      {
        key: "contact",
        object: "contact",
        labels: label("联系人", "Contact"),
        fields: { name: "person", email: "email", phone: "phone" },
        links: { account: "account" },
        match: ["email", "phone"],
      },
      {
        key: "opportunity",
        object: "opportunity",
        labels: label("商机", "Opportunity"),
        fields: { name: "company", amount: "budget" },
        links: { account: "account", contact: "contact" },
        optional: true,
      },
    ],
    back_links: { account: "account", contact: "contact", opportunity: "opportunity" },
    set: { status: "converted" },
  });
  expect(defined.status, defined.text).toBe(200);
  for (const object of ["account", "contact", "opportunity", "lead"])
    expect(
      (await app.admin.patch(`/api/meta/objects/${object}`, { sharing_default: "private" })).status,
    ).toBe(200);
  rep = await signedInUser(app, "convert-rep");
});
afterAll(() => app?.close());

async function lead(client: HttpClient, values: Record<string, unknown>) {
  const created = await client.post("/api/records/lead", { status: "new", ...values });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}
const count = async (object: string) =>
  (await app.admin.get(`/api/records/${object}?count=true&limit=1`)).body.total as number;

describe(`converting a lead on ${testEngine}`, () => {
  it("creates the account, contact and opportunity linked together, and the lead keeps links and leaves the open list", async () => {
    const id = await lead(app.admin, {
      company: "苏州精密",
      person: "王经理",
      phone: "13900000001",
      budget: 500000,
    });
    const converted = await app.admin.post(`/api/records/lead/${id}/convert`, {});
    expect(converted.status, converted.text).toBe(201);
    const { records } = converted.body;
    expect(converted.body.created).toEqual(["account", "contact", "opportunity"]);
    const contact = (await app.admin.get(`/api/records/contact/${records.contact}`)).body;
    expect(contact).toMatchObject({ name: "王经理", account: records.account, phone: "13900000001" });
    const opportunity = (await app.admin.get(`/api/records/opportunity/${records.opportunity}`)).body;
    expect(opportunity).toMatchObject({
      name: "苏州精密",
      amount: 500000,
      account: records.account,
      contact: records.contact,
    });
    const after = (await app.admin.get(`/api/records/lead/${id}`)).body;
    expect(after).toMatchObject({ status: "converted", ...records });
    const open = await app.admin.get(
      `/api/records/lead?filter=${encodeURIComponent(JSON.stringify({ status: { eq: "new" } }))}`,
    );
    expect(open.body.records.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it("finds duplicates by normalised company name and phone, and attaches to the existing account instead", async () => {
    const existing = await app.admin.post("/api/records/account", {
      name: "华东机电有限公司",
      phone: "+86 138 0013 8000",
    });
    const id = await lead(app.admin, {
      company: "华东机电 (Co., Ltd.)",
      person: "李工",
      phone: "138-0013-8000",
      budget: 1,
    });
    const check = await app.admin.post(`/api/records/lead/${id}/convert/check`, {});
    expect(check.status, check.text).toBe(200);
    const account = check.body.targets.find((t: { key: string }) => t.key === "account");
    expect(account.values).toMatchObject({ name: "华东机电 (Co., Ltd.)" });
    expect(account.duplicates).toEqual([
      { id: existing.body.id, title: "华东机电有限公司", matched: ["name", "phone"] },
    ]);
    const before = await count("account");
    const converted = await app.admin.post(`/api/records/lead/${id}/convert`, {
      targets: { account: { action: "attach", id: existing.body.id }, opportunity: { action: "skip" } },
    });
    expect(converted.status, converted.text).toBe(201);
    expect(converted.body.created).toEqual(["contact"]);
    expect(await count("account")).toBe(before);
    const contact = (await app.admin.get(`/api/records/contact/${converted.body.records.contact}`)).body;
    expect(contact.account).toBe(existing.body.id);
  });

  it("is all or nothing: a failing step leaves nothing created and names its problems under the step", async () => {
    const id = await lead(app.admin, { company: "失败公司", person: "赵" });
    const before = [await count("account"), await count("contact"), await count("opportunity")];
    const failed = await app.admin.post(`/api/records/lead/${id}/convert`, {});
    expect(failed.status, failed.text).toBe(400);
    expect(failed.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      "targets.opportunity.amount required",
    ]);
    expect([await count("account"), await count("contact"), await count("opportunity")]).toEqual(before);
    expect((await app.admin.get(`/api/records/lead/${id}`)).body.status).toBe("new");
    const required = await app.admin.post(`/api/records/lead/${id}/convert`, {
      targets: { account: { action: "skip" } },
    });
    expect(required.status).toBe(400);
    expect(required.body.errors[0]).toMatchObject({
      field: "targets.account",
      code: "conversion_target_required",
    });
  });

  it("shows a rep only duplicates they may read, and attaching to one they may not read is refused", async () => {
    const hidden = await app.admin.post("/api/records/account", { name: "保密客户有限公司" });
    const id = await lead(rep.client, { company: "保密客户", person: "钱", budget: 3 });
    const check = await rep.client.post(`/api/records/lead/${id}/convert/check`, {});
    expect(check.body.targets[0].duplicates).toEqual([]);
    const attach = await rep.client.post(`/api/records/lead/${id}/convert`, {
      targets: { account: { action: "attach", id: hidden.body.id } },
    });
    expect(attach.status).toBe(404);
    expect((await rep.client.get(`/api/records/lead/${id}`)).body.status).toBe("new");
    // A colleague's lead cannot be converted by the rep at all.
    const theirs = await lead(app.admin, { company: "别人的线索" });
    expect((await rep.client.post(`/api/records/lead/${theirs}/convert`, {})).status).toBe(404);
  });

  it("refuses a definition with every problem listed", async () => {
    const response = await app.admin.request("PUT", "/api/meta/objects/lead/conversion", {
      targets: [
        { key: "a", object: "ghost", labels: label("x", "x"), fields: {} },
        {
          key: "c",
          object: "contact",
          labels: label("x", "x"),
          fields: { nope: "company" },
          links: { account: "z" },
          match: ["email"],
        },
      ],
      back_links: { account: "c" },
      set: { missing: 1 },
    });
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      "targets.0.object unknown_object",
      "targets.1.fields.nope unknown_field",
      "targets.1.links.account conversion_unknown_target",
      "targets.1.match.0 conversion_match_unmapped",
      "back_links.account overview_not_a_link",
      "set.missing unknown_field",
    ]);
  });
});
