import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
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
  // An object members may not read at all, and a field they may read but not change.
  await createObject(app.admin, "vault", "金库", "Vault");
  await addField(app.admin, "vault", { api_name: "combination", type: "text" });
  await addField(app.admin, "deal", { api_name: "stage_note", type: "text" });
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      objects: { vault: { read: false, create: false, edit: false, delete: false } },
      fields: { customer: { secret: "hidden" }, deal: { partners: "hidden", stage_note: "read_only" } },
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

  it("are absent from the OpenAPI document, with the objects the caller may not read", async () => {
    const response = await reps.prober.client.get("/api/openapi.json");
    expect(response.status, response.text).toBe(200);
    const { components, paths } = response.body;
    const properties = (schema: string) => Object.keys(components.schemas[schema].properties);
    expect(properties("Record_customer")).toEqual(expect.arrayContaining(["name", "files"]));
    expect(properties("Record_deal")).toEqual(expect.arrayContaining(["title", "customer", "stage_note"]));
    for (const schema of ["Record_customer", "RecordInput_customer", "RecordPatch_customer"]) {
      expect(properties(schema), schema).not.toContain("secret");
      expect(properties(schema), schema).not.toContain("secret_length");
    }
    for (const schema of ["Record_deal", "RecordInput_deal", "RecordPatch_deal"])
      expect(properties(schema), schema).not.toContain("partners");
    // A field the caller may only read is described as read-only and is not part of what they may send.
    expect(components.schemas.Record_deal.properties.stage_note.readOnly).toBe(true);
    expect(properties("RecordPatch_deal")).not.toContain("stage_note");
    expect(properties("RecordInput_deal")).toContain("title");
    // The object they may not read is not described at all.
    expect(Object.keys(components.schemas).filter((name) => name.endsWith("_vault"))).toEqual([]);
    expect(Object.keys(paths).filter((path) => path.includes("vault"))).toEqual([]);
    expect(response.text).not.toContain("combination");
    expect(response.text).not.toContain("LEN(secret)");
  });

  it("are still served to the admin", async () => {
    const customer = (await app.admin.get("/api/meta/objects/customer")).body;
    expect(fieldNames(customer.fields)).toEqual(expect.arrayContaining(["secret", "secret_length"]));
    expect(relatedLists(customer).sort()).toEqual(["deals", "partner_deals"]);
    expect((await app.admin.get("/api/meta/objects/customer/fields/secret")).status).toBe(200);
    const openapi = (await app.admin.get("/api/openapi.json")).body.components.schemas;
    expect(Object.keys(openapi.Record_customer.properties)).toEqual(
      expect.arrayContaining(["secret", "secret_length"]),
    );
    expect(Object.keys(openapi.RecordPatch_deal.properties)).toEqual(
      expect.arrayContaining(["partners", "stage_note"]),
    );
    expect(Object.keys(openapi.Record_vault.properties)).toContain("combination");
    const fields = fieldNames((await app.admin.get("/api/meta/objects/deal/fields")).body.fields);
    expect(fields).toContain("partners");
  });
});
