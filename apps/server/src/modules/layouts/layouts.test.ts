import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createCrmFixture, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
let rep: HttpClient;

type Item = { kind: "field"; field: string } | { kind: "subform"; object: string; field: string };
interface Section {
  id: string;
  label: { "zh-CN": string; en: string };
  columns: number;
  items: Item[];
}

const field = (name: string): Item => ({ kind: "field", field: name });
const fieldsOf = (section: Section) => section.items.flatMap((i) => (i.kind === "field" ? [i.field] : []));
const section = (id: string, items: Item[], columns = 2): Section => ({
  id,
  label: label(`${id} 分组`, `${id} section`),
  columns,
  items,
});

async function visibleFieldNames(object: string) {
  const body = (await app.admin.get(`/api/meta/objects/${object}`)).body;
  return (body.fields as Array<{ api_name: string; position: number }>)
    .sort((a, b) => a.position - b.position)
    .map((f) => f.api_name);
}

beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  // Reps read customers but never their notes, and may not read tags at all.
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true },
      objects: { tag: { read: false } },
      fields: { customer: { notes: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  const created = await app.admin.post("/api/users", {
    email: "rep@keduo.test",
    name: "Rep",
    password: "password-123",
  });
  expect(created.status, created.text).toBe(201);
  rep = await app.login("rep@keduo.test", "password-123");
});
afterAll(() => app?.close());

describe("without a saved layout", () => {
  it("serves one section with every visible field in field order, at version 0", async () => {
    const response = await app.admin.get("/api/layouts/customer");
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get("etag")).toBe('"0"');
    expect(response.body.object).toBe("customer");
    expect(response.body.version).toBe(0);
    expect(response.body.sections).toHaveLength(1);
    const [only] = response.body.sections as Section[];
    expect(only!.label).toEqual({ "zh-CN": "基本信息", en: "Details" });
    expect([1, 2, 3]).toContain(only!.columns);
    expect(fieldsOf(only!)).toEqual(await visibleFieldNames("customer"));
  });

  it("leaves out fields hidden from the reader", async () => {
    const response = await rep.get("/api/layouts/customer");
    expect(response.status, response.text).toBe(200);
    const names = fieldsOf(response.body.sections[0]);
    expect(names).not.toContain("notes");
    expect(names).toContain("name");
  });

  it("is for readers of the object only, and 404 for an unknown object", async () => {
    expect((await rep.get("/api/layouts/tag")).status).toBe(403);
    expect((await app.anonymous.get("/api/layouts/customer")).status).toBe(401);
    const missing = await app.admin.get("/api/layouts/no_such_object");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("OBJECT_NOT_FOUND");
  });
});

describe("saving a layout", () => {
  const subform: Item = { kind: "subform", object: "contact", field: "customer" };

  it("stores sections, columns and sub-forms; unplaced fields go to the last section", async () => {
    const before = (await app.admin.get("/api/meta/objects")).body.version;
    const sections = [
      section("basics", [field("name"), field("tier"), field("notes")], 1),
      section("money", [field("revenue"), field("discount"), subform], 3),
    ];
    const saved = await app.admin.request(
      "PUT",
      "/api/layouts/customer",
      { sections },
      { "if-match": '"0"' },
    );
    expect(saved.status, saved.text).toBe(200);
    expect(saved.headers.get("etag")).toBe('"1"');
    expect(saved.body.version).toBe(1);
    // A layout is metadata: saving it bumps the metadata version like any definition change.
    expect((await app.admin.get("/api/meta/objects")).body.version).toBeGreaterThan(before);

    const layout = (await app.admin.get("/api/layouts/customer")).body;
    expect(layout.version).toBe(1);
    expect(layout.sections.map((s: Section) => [s.id, s.columns, s.label.en])).toEqual([
      ["basics", 1, "basics section"],
      ["money", 3, "money section"],
    ]);
    expect(layout.sections[0].items).toEqual([field("name"), field("tier"), field("notes")]);
    const money: Item[] = layout.sections[1].items;
    expect(money.slice(0, 3)).toEqual([field("revenue"), field("discount"), subform]);
    // Every other field follows in field order, so none vanishes from the forms.
    const rest = (await visibleFieldNames("customer")).filter(
      (n) => !["name", "tier", "notes", "revenue", "discount"].includes(n),
    );
    expect(money.slice(3)).toEqual(rest.map(field));
  });

  it("answers 412 to a stale If-Match (and the body's version) and changes nothing", async () => {
    const stale = await app.admin.request(
      "PUT",
      "/api/layouts/customer",
      { sections: [section("x", [field("name")])] },
      { "if-match": '"0"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe("LAYOUT_VERSION_CONFLICT");
    expect(stale.body.current_version).toBe(1);
    const staleBody = await app.admin.request("PUT", "/api/layouts/customer", {
      version: 7,
      sections: [section("x", [field("name")])],
    });
    expect(staleBody.status).toBe(412);
    const layout = (await app.admin.get("/api/layouts/customer")).body;
    expect(layout.version).toBe(1);
    expect(layout.sections.map((s: Section) => s.id)).toEqual(["basics", "money"]);
  });

  it("serves each reader what they may see: hidden fields and unreadable sub-forms are dropped", async () => {
    await addField(app.admin, "tag", {
      api_name: "customer",
      type: "relation",
      config: {
        relation: {
          target: "customer",
          cardinality: "many_to_one",
          inverse_name: "owned_tags",
          inverse_labels: label("标签", "Owned tags"),
        },
      },
    });
    const current = (await app.admin.get("/api/layouts/customer")).body;
    const sections = [
      current.sections[0],
      {
        ...current.sections[1],
        items: [...current.sections[1].items, { kind: "subform", object: "tag", field: "customer" }],
      },
    ];
    const saved = await app.admin.request("PUT", "/api/layouts/customer", {
      sections,
      version: current.version,
    });
    expect(saved.status, saved.text).toBe(200);
    const mine = (await rep.get("/api/layouts/customer")).body;
    const items: Item[] = mine.sections.flatMap((s: Section) => s.items);
    expect(items).toContainEqual(subform);
    expect(items.some((i) => i.kind === "subform" && i.object === "tag")).toBe(false);
    expect(items).not.toContainEqual(field("notes"));
    const admins: Item[] = (await app.admin.get("/api/layouts/customer")).body.sections.flatMap(
      (s: Section) => s.items,
    );
    expect(admins).toContainEqual({ kind: "subform", object: "tag", field: "customer" });
  });

  it("appends a field added later to the last section and drops a deleted one", async () => {
    await addField(app.admin, "customer", { api_name: "wechat", type: "text" });
    let layout = (await app.admin.get("/api/layouts/customer")).body;
    expect(layout.sections.at(-1).items.at(-1)).toEqual(field("wechat"));
    expect((await app.admin.delete("/api/meta/objects/customer/fields/tier")).status).toBe(200);
    layout = (await app.admin.get("/api/layouts/customer")).body;
    expect(layout.sections[0].items).toEqual([field("name"), field("notes")]);
    expect((await app.admin.post("/api/meta/objects/customer/fields/tier/restore")).status).toBe(200);
    layout = (await app.admin.get("/api/layouts/customer")).body;
    expect(layout.sections[0].items).toEqual([field("name"), field("tier"), field("notes")]);
  });

  it("is for those who manage metadata", async () => {
    const response = await rep.request("PUT", "/api/layouts/customer", { sections: [section("a", [])] });
    expect(response.status).toBe(403);
  });
});

describe("bad layouts are refused with a message per problem, and nothing changes", () => {
  it("reports unknown and repeated fields, wrong sub-forms, missing labels and bad columns at once", async () => {
    const before = (await app.admin.get("/api/layouts/customer")).body;
    app.admin.locale = "zh-CN";
    const response = await app.admin.request("PUT", "/api/layouts/customer", {
      sections: [
        {
          id: "a",
          label: { "zh-CN": "", en: "A" },
          columns: 4,
          items: [field("name"), field("no_such_field"), field("name")],
        },
        {
          id: "a",
          label: { "zh-CN": "乙" },
          columns: 2,
          items: [
            { kind: "subform", object: "customer", field: "tags" },
            { kind: "subform", object: "contact", field: "name" },
            { kind: "subform", object: "nowhere", field: "customer" },
            { kind: "table", field: "x" },
          ],
        },
      ],
    });
    app.admin.locale = "en";
    expect(response.status, response.text).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const errors = response.body.errors as Array<{ field: string; code: string; message: string }>;
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField["sections.0.label.zh-CN"]?.code).toBe("required");
    expect(byField["sections.0.columns"]?.code).toBe("invalid_option");
    expect(byField["sections.0.items.1.field"]?.message).toBe("没有名为 no_such_field 的字段");
    expect(byField["sections.0.items.2.field"]?.code).toBe("duplicate_field");
    expect(byField["sections.0.items.2.field"]?.message).toContain("name");
    expect(byField["sections.1.id"]?.code).toBe("duplicate_value");
    expect(byField["sections.1.label.en"]?.code).toBe("required");
    expect(byField["sections.1.items.0.field"]?.code).toBe("invalid_subform");
    expect(byField["sections.1.items.0.field"]?.message).toContain("customer.tags");
    expect(byField["sections.1.items.1.field"]?.code).toBe("invalid_subform");
    expect(byField["sections.1.items.2.object"]?.code).toBe("unknown_object");
    expect(byField["sections.1.items.3.kind"]).toBeDefined();
    expect((await app.admin.get("/api/layouts/customer")).body).toEqual(before);
  });

  it("needs at least one section", async () => {
    const response = await app.admin.request("PUT", "/api/layouts/customer", { sections: [] });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: "sections", code: "no_sections", message: "A layout needs at least one section" },
    ]);
  });
});

describe("a layout goes with its object", () => {
  it("is deleted with the object, so a new object of that name starts from the default", async () => {
    await createObject(app.admin, "gadget", "小工具", "Gadget");
    await addField(app.admin, "gadget", { api_name: "title", type: "text" });
    const saved = await app.admin.request("PUT", "/api/layouts/gadget", {
      sections: [section("one", [field("title")], 1)],
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await app.admin.delete("/api/meta/objects/gadget")).status).toBe(204);
    await createObject(app.admin, "gadget", "小工具", "Gadget");
    const fresh = (await app.admin.get("/api/layouts/gadget")).body;
    expect(fresh.version).toBe(0);
    expect(fresh.sections.map((s: Section) => s.id)).toEqual(["main"]);
  });
});
