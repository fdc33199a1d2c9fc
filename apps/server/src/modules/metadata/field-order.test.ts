import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "lead", "线索", "Lead");
  for (const name of ["name", "company", "phone", "email", "source"])
    await addField(app.admin, "lead", { api_name: name, type: "text" });
});
afterAll(() => app?.close());

/** The order everyone reads: the object's visible fields by position. */
async function fieldOrder() {
  const { body } = await app.admin.get("/api/meta/objects/lead");
  return (body.fields as Array<{ api_name: string; position: number }>)
    .sort((a, b) => a.position - b.position)
    .map((f) => f.api_name);
}

const metaVersion = async () => (await app.admin.get("/api/meta/objects")).body.version as number;

describe("reordering an object's fields", () => {
  it("puts the fields in the order given, in one call that bumps the metadata version", async () => {
    const before = await metaVersion();
    const order = ["email", "name", "source", "company", "phone"];
    const response = await app.admin.request("PUT", "/api/meta/objects/lead/fields/order", { fields: order });
    expect(response.status, response.text).toBe(200);
    expect(
      (response.body.fields as Array<{ api_name: string; position: number }>).map((f) => [
        f.api_name,
        f.position,
      ]),
    ).toEqual(order.map((name, index) => [name, index]));
    expect(await fieldOrder()).toEqual(order);
    expect(await metaVersion()).toBe(before + 1);
    // The default layout and the records' field order follow.
    const layout = (await app.admin.get("/api/layouts/lead")).body;
    expect(layout.sections[0].items.map((i: { field: string }) => i.field)).toEqual(order);
  });

  it("keeps fields left out (and deleted ones) after those named, in their order", async () => {
    expect((await app.admin.delete("/api/meta/objects/lead/fields/source")).status).toBe(200);
    const response = await app.admin.request("PUT", "/api/meta/objects/lead/fields/order", {
      fields: ["phone", "company"],
    });
    expect(response.status, response.text).toBe(200);
    expect(await fieldOrder()).toEqual(["phone", "company", "email", "name"]);
    expect((await app.admin.post("/api/meta/objects/lead/fields/source/restore")).status).toBe(200);
    expect(await fieldOrder()).toEqual(["phone", "company", "email", "name", "source"]);
    // A field added afterwards goes last.
    await addField(app.admin, "lead", { api_name: "city", type: "text" });
    expect((await fieldOrder()).at(-1)).toBe("city");
  });

  it("refuses unknown, deleted and repeated names with field errors, changing nothing", async () => {
    expect((await app.admin.delete("/api/meta/objects/lead/fields/city")).status).toBe(200);
    const before = await fieldOrder();
    const version = await metaVersion();
    const response = await app.admin.request("PUT", "/api/meta/objects/lead/fields/order", {
      fields: ["name", "nope", "name", "city"],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ["fields.1", "unknown_field"],
      ["fields.2", "duplicate_value"],
      ["fields.3", "unknown_field"],
    ]);
    expect(await fieldOrder()).toEqual(before);
    expect(await metaVersion()).toBe(version);
  });

  it("is for those who manage metadata", async () => {
    const created = await app.admin.post("/api/users", {
      email: "someone@keduo.test",
      name: "Someone",
      password: "password-123",
    });
    expect(created.status, created.text).toBe(201);
    const someone = await app.login("someone@keduo.test", "password-123");
    const response = await someone.request("PUT", "/api/meta/objects/lead/fields/order", {
      fields: ["name"],
    });
    expect(response.status).toBe(403);
  });
});
