import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField } from "../../test/fixtures.ts";
import { expectSameAnswer, type PrivateReps, setUpPrivateReps } from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

// Issue 18: the definition of a field hidden from a user (field-level security) was served to them.
let app: TestApp;
let reps: PrivateReps;
const HIDDEN = ["secret", "secret_length", "partners"];

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  // A formula reading the hidden field is hidden with it; so is a relation, and its related list with it.
  await addField(app.admin, "customer", {
    api_name: "secret_length",
    type: "formula",
    config: { expression: "LEN(secret)" },
  });
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { customer: { secret: "hidden" }, deal: { partners: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
});
afterAll(() => app?.close());

const fieldNames = (fields: Array<{ api_name: string }>) => fields.map((field) => field.api_name);
const relatedLists = (object: { related_lists: Array<{ api_name: string }> }) =>
  object.related_lists.map((list) => list.api_name);

describe("field definitions hidden from the caller", () => {
  it("are absent from the field lists and the object definitions", async () => {
    const { client } = reps.prober;
    const fields = [
      ...fieldNames((await client.get("/api/meta/objects/customer/fields")).body.fields),
      ...fieldNames((await client.get("/api/meta/objects/deal/fields")).body.fields),
    ];
    expect(fields).toEqual(expect.arrayContaining(["name", "files", "title", "customer"]));
    const customer = (await client.get("/api/meta/objects/customer")).body;
    const objects = (await client.get("/api/meta/objects?include_hidden=true")).body.objects;
    const listed = objects.flatMap((object: { fields: Array<{ api_name: string }> }) =>
      fieldNames(object.fields),
    );
    for (const name of HIDDEN) {
      expect(fields, name).not.toContain(name);
      expect(fieldNames(customer.fields), name).not.toContain(name);
      expect(listed, name).not.toContain(name);
    }
    // The related list of the hidden many-to-many is gone; the visible relation's stays.
    expect(relatedLists(customer)).toEqual(["deals"]);
    expect(JSON.stringify(objects)).not.toContain("LEN(secret)");
  });

  it("answer 404 on their own, exactly like a field that does not exist", async () => {
    const { client } = reps.prober;
    for (const [object, name] of [
      ["customer", "secret"],
      ["customer", "secret_length"],
      ["deal", "partners"],
    ] as const) {
      const refused = await client.get(`/api/meta/objects/${object}/fields/${name}`);
      const missing = await client.get(`/api/meta/objects/${object}/fields/no_such_field`);
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe("FIELD_NOT_FOUND");
      expectSameAnswer(refused, missing, { refused: name, missing: "no_such_field" });
    }
  });

  it("are still served to the admin", async () => {
    const customer = (await app.admin.get("/api/meta/objects/customer")).body;
    expect(fieldNames(customer.fields)).toEqual(expect.arrayContaining(["secret", "secret_length"]));
    expect(relatedLists(customer).sort()).toEqual(["deals", "partner_deals"]);
    expect((await app.admin.get("/api/meta/objects/customer/fields/secret")).status).toBe(200);
    const fields = fieldNames((await app.admin.get("/api/meta/objects/deal/fields")).body.fields);
    expect(fields).toContain("partners");
  });
});
