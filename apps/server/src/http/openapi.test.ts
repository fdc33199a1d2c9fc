import type { ObjectDefinition } from "@keduo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createCrmFixture } from "../test/fixtures.ts";
import { startTestApp, type TestApp } from "../test/test-app.ts";
import { createOpenApiCache } from "./openapi/openapi-cache.ts";
import type { Operation, Parameter, PathItem } from "./openapi/openapi-document.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
});
afterAll(async () => {
  await app?.close();
});

const fetchDocument = async () => {
  const response = await app.admin.get("/api/openapi.json");
  expect(response.status, response.text).toBe(200);
  return response;
};

/** Every `$ref` in the document, e.g. `#/components/schemas/Record_customer`. */
function collectRefs(value: unknown, refs: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") refs.add(child);
      else collectRefs(child, refs);
    }
  }
  return refs;
}

const resolvePointer = (document: unknown, ref: string): unknown =>
  ref
    .slice(2)
    .split("/")
    .reduce<unknown>(
      (node, part) =>
        (node as Record<string, unknown> | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")],
      document,
    );

const typesOf = (schema: { type?: string | string[] }): string[] => [schema.type ?? []].flat();

describe("GET /api/openapi.json", () => {
  it("is public and well-formed OpenAPI 3.1: info, paths, resolvable refs, unique operation ids", async () => {
    const { body: document, headers } = await fetchDocument();
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toEqual(
      expect.objectContaining({ title: "Keduo API", version: expect.any(String) }),
    );
    expect(Object.keys(document.paths).length).toBeGreaterThan(10);

    const unresolved = [...collectRefs(document)].filter(
      (ref) => resolvePointer(document, ref) === undefined,
    );
    expect(unresolved).toEqual([]);

    const ids: string[] = [];
    for (const [path, item] of Object.entries<PathItem>(document.paths)) {
      for (const operation of Object.values<Operation>(item)) {
        ids.push(operation.operationId);
        expect(operation.responses.default, path).toEqual({ $ref: "#/components/responses/Problem" });
        // Each `{param}` of a templated path is declared as a path parameter.
        const declared = (operation.parameters ?? [])
          .filter((p: Parameter) => p.in === "path")
          .map((p: Parameter) => p.name);
        expect(declared.sort(), path).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.components.schemas.Problem.properties).toEqual(
      expect.objectContaining({ code: expect.any(Object), errors: expect.any(Object) }),
    );
  });

  it("describes every registered route with its access, schemas and security", async () => {
    const { body: document } = await fetchDocument();
    const missing: string[] = [];
    for (const route of app.server.routes.routes) {
      const path = route.url.replace(/:(\w+)/g, "{$1}");
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      if (!operation) {
        missing.push(`${route.method} ${route.url}`);
        continue;
      }
      expect(operation["x-keduo-access"]).toEqual(route.access);
      expect(operation.summary).toBe(route.summary);
      expect(operation.security).toEqual(
        route.access === "public" ? [] : [{ sessionCookie: [] }, { bearerToken: [] }],
      );
    }
    expect(missing).toEqual([]);

    const login = document.paths["/api/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema.required).toEqual(["email", "password"]);
    const list = document.paths["/api/records/{object}"].get;
    expect(list.parameters.map((p: Parameter) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(["path:object", "query:filter", "query:limit", "query:cursor", "query:expand"]),
    );
    expect(list.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/RecordList",
    });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["bearerToken", "sessionCookie"]);
  });

  it("gives each object its record schemas with every field's type", async () => {
    const { body: document } = await fetchDocument();
    const record = document.components.schemas.Record_customer;
    const { body } = await app.admin.get("/api/meta/objects/customer/fields");
    const fieldNames: string[] = body.fields.map((field: { api_name: string }) => field.api_name);
    expect(fieldNames.length).toBeGreaterThan(15);
    expect(Object.keys(record.properties)).toEqual(
      expect.arrayContaining(["id", "version", "created_at", "updated_at", "owner_id", ...fieldNames]),
    );
    const p = record.properties;
    expect(p.id).toEqual(expect.objectContaining({ format: "uuid", readOnly: true }));
    expect(p.version.readOnly).toBe(true);
    expect(typesOf(p.name)).toContain("string");
    expect(p.name).toEqual(expect.objectContaining({ title: "name", "x-keduo-type": "text" }));
    expect(typesOf(p.employees)).toContain("number");
    expect(typesOf(p.revenue)).toContain("object");
    expect(p.revenue.properties.amount.type).toBe("string");
    expect(p.founded.format).toBe("date");
    expect(p.last_contact.format).toBe("date-time");
    expect(typesOf(p.active)).toContain("boolean");
    expect(p.tier.enum).toEqual(["a", "b", "c", null]);
    expect(typesOf(p.industries)).toContain("array");
    expect(p.industries.items.enum).toEqual(["auto", "med", "chip"]);
    expect(typesOf(p.tags)).toContain("array");
    expect(p.tags.items).toEqual({ type: "string", format: "uuid" });
    expect(p.account_manager.format).toBe("uuid");
    expect(typesOf(p.address)).toContain("object");
    expect(p.code.readOnly).toBe(true);
    expect(record.required).toEqual(expect.arrayContaining(["id", "version", "name"]));
    expect(record.required).not.toContain("notes");
    expect(document.components.schemas.Record_contact.properties.customer.format).toBe("uuid");

    const input = document.components.schemas.RecordInput_customer;
    expect(input.additionalProperties).toBe(false);
    expect(input.required).toEqual(["name"]);
    // A create may name its owner (ADR 0024); a patch may not.
    expect(Object.keys(input.properties)).toEqual([
      "owner_id",
      ...fieldNames.filter((name) => name !== "code"),
    ]);
    expect(input.properties.owner_id).toMatchObject({ type: ["string", "null"], format: "uuid" });
    expect(document.components.schemas.RecordPatch_customer.required).toBeUndefined();
    expect(document.components.schemas.RecordPatch_customer.properties.owner_id).toBeUndefined();
    const list = document.components.schemas.RecordList_customer;
    expect(list.properties.records.items).toEqual({ $ref: "#/components/schemas/Record_customer" });
    expect(Object.keys(list.properties)).toEqual(["records", "next_cursor", "total", "total_estimated"]);
  });

  it("emits concrete /api/records/<object> paths typed with the object's schemas", async () => {
    const { body: document } = await fetchDocument();
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const collection = document.paths["/api/records/customer"];
    const item = document.paths["/api/records/customer/{id}"];
    expect(Object.keys(collection).sort()).toEqual(["get", "post"]);
    expect(Object.keys(item).sort()).toEqual(["delete", "get", "patch"]);
    expect(collection.get.responses["200"].content["application/json"].schema).toEqual(
      ref("RecordList_customer"),
    );
    expect(collection.get.parameters.map((p: Parameter) => p.name)).toEqual(
      expect.arrayContaining(["filter", "sort", "limit", "cursor", "fields", "expand"]),
    );
    expect(collection.post.requestBody.content["application/json"].schema).toEqual(
      ref("RecordInput_customer"),
    );
    expect(collection.post.responses["201"].content["application/json"].schema).toEqual(
      ref("Record_customer"),
    );
    expect(item.get.responses["200"].content["application/json"].schema).toEqual(ref("Record_customer"));
    expect(item.patch.requestBody.content["application/json"].schema).toEqual(ref("RecordPatch_customer"));
    expect(item.patch.parameters.map((p: Parameter) => `${p.in}:${p.name}`)).toEqual([
      "path:id",
      "header:If-Match",
    ]);
    expect(item.delete.responses["204"]).toBeDefined();
    expect(document.paths["/api/records/contact/{id}"].get.operationId).toBe("get_contact");
  });

  it("follows metadata changes: an added field appears, a hidden field disappears", async () => {
    const before = await fetchDocument();
    expect((await fetchDocument()).text).toBe(before.text);

    await addField(app.admin, "customer", { api_name: "region", type: "text" });
    const added = await fetchDocument();
    expect(added.body.components.schemas.Record_customer.properties.region).toEqual(
      expect.objectContaining({ "x-keduo-type": "text" }),
    );
    expect(added.body.components.schemas.RecordInput_customer.properties.region).toBeDefined();

    const hidden = await app.admin.delete("/api/meta/objects/customer/fields/region");
    expect(hidden.status, hidden.text).toBeLessThan(300);
    const after = await fetchDocument();
    expect(after.body.components.schemas.Record_customer.properties.region).toBeUndefined();
    expect(after.body.components.schemas.RecordInput_customer.properties.region).toBeUndefined();
  });
});

describe("OpenAPI per audience", () => {
  it("shows anonymous callers the routes but no objects or fields", async () => {
    const anonymous = await app.anonymous.get("/api/openapi.json");
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.paths["/api/records/{object}"]).toBeDefined();
    expect(Object.keys(anonymous.body.components.schemas).some((name) => name.startsWith("Record_"))).toBe(
      false,
    );
  });
});

describe("OpenAPI cache", () => {
  const object = (apiName: string): ObjectDefinition => ({
    id: `id-${apiName}`,
    apiName,
    labels: { "zh-CN": apiName, en: apiName },
    pluralLabels: { "zh-CN": apiName, en: apiName },
    description: null,
    displayField: null,
    sharingDefault: "public_read_write",
    teamAccess: "none",
    indexes: [],
    fields: [],
  });

  it("builds the document once per metadata version and audience", async () => {
    const cache = createOpenApiCache({ routes: app.server.routes });
    const v1 = { version: 1, objects: new Map([["deal", object("deal")]]) };
    const first = cache.current({ key: "roles:a", snapshot: v1 });
    expect(cache.current({ key: "roles:a", snapshot: v1 })).toBe(first);
    expect(cache.current({ key: "roles:b", snapshot: v1 })).not.toBe(first);
    expect(first.document.components.schemas.Record_deal).toBeDefined();

    const second = cache.current({
      key: "roles:a",
      snapshot: { version: 2, objects: new Map([["lead", object("lead")]]) },
    });
    expect(second).not.toBe(first);
    expect(second.document.components.schemas.Record_deal).toBeUndefined();
    expect(second.document.paths["/api/records/lead"]).toBeDefined();
    expect(JSON.parse(second.json)).toEqual(second.document);
  });
});
