import { expect } from "vitest";
import { applyBundle, exportBundle, type Files } from "../../test/bundle-client.ts";
import { addField, createCrmFixture, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";

export { applyBundle, exportBundle, type Files };

/**
 * A configuration with every kind a bundle holds: the CRM fixture's objects and fields (one of each type),
 * a formula, a validation rule, a form layout, a shared list view, a role and a sharing rule granted to it.
 */
export async function configureSource(admin: HttpClient) {
  await createCrmFixture(admin);
  await addField(admin, "customer", {
    api_name: "revenue_per_head",
    type: "formula",
    config: { expression: "revenue / employees" },
  });
  const ok = (response: { status: number; text: string }, status = 201) =>
    expect(response.status, response.text).toBe(status);
  ok(
    await admin.post("/api/meta/objects/customer/validation-rules", {
      api_name: "employees_positive",
      condition: "employees < 0",
      message: label("员工数不能为负", "Employees cannot be negative"),
      field: "employees",
    }),
  );
  ok(
    await admin.request(
      "PUT",
      "/api/layouts/customer",
      {
        sections: [
          {
            id: "basics",
            label: label("基本", "Basics"),
            columns: 2,
            items: [{ kind: "field", field: "name" }],
          },
        ],
      },
      { "if-match": '"0"' },
    ),
    200,
  );
  ok(
    await admin.post("/api/views/customer", {
      name: "A 类客户",
      shared: true,
      columns: [{ field: "name" }, { field: "revenue", width: 120 }],
      filter: { tier: { eq: "a" } },
      sort: [{ field: "revenue", direction: "desc" }],
    }),
  );
  const role = await admin.post("/api/meta/roles", {
    api_name: "sales_rep",
    labels: label("销售", "Sales rep"),
    permissions: { default_objects: { read: true, create: true, edit: true, delete: false } },
  });
  ok(role);
  ok(
    await admin.post("/api/meta/objects/customer/sharing-rules", {
      name: "A 类共享",
      filter: { tier: { eq: "a" } },
      grantee_kind: "role",
      grantee_id: role.body.id,
      access: "read",
    }),
  );
}

export async function metaVersion(admin: HttpClient): Promise<number> {
  return (await admin.get("/api/meta/objects")).body.version;
}

/** The plan entry of one item. */
export function entryOf(plan: { items: Array<{ kind: string; key: string }> }, kind: string, key: string) {
  return plan.items.find((item) => item.kind === kind && item.key === key);
}

/** A bundle file as a test edits it: an object's file (its fields) or the manifest (its kinds). */
export interface EditableDocument {
  fields: Array<{ api_name: string; type: string; [key: string]: unknown }>;
  kinds: string[];
  [slot: string]: unknown;
}

/** A bundle file edited as JSON and written back canonically enough for the server (it re-sorts). */
export function editFile(files: Files, path: string, edit: (document: EditableDocument) => void): Files {
  const document = JSON.parse(files[path] ?? "{}") as EditableDocument;
  edit(document);
  return { ...files, [path]: `${JSON.stringify(document, null, 2)}\n` };
}
