import { expect } from "vitest";
import type { HttpClient } from "./http-client.ts";

export const label = (zh: string, en: string) => ({ "zh-CN": zh, en });

export async function createObject(client: HttpClient, apiName: string, zh = apiName, en = apiName) {
  const response = await client.post("/api/meta/objects", { api_name: apiName, labels: label(zh, en) });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

export async function addField(client: HttpClient, object: string, field: Record<string, unknown>) {
  const response = await client.post(`/api/meta/objects/${object}/fields`, {
    labels: label(String(field.api_name), String(field.api_name)),
    ...field,
  });
  expect(response.status, response.text).toBe(201);
  return response.body;
}

/** A customer object with one field of every type, and a contact object relating to it. */
export async function createCrmFixture(client: HttpClient) {
  await createObject(client, "customer", "客户", "Customer");
  await createObject(client, "tag", "标签", "Tag");
  await addField(client, "tag", { api_name: "name", type: "text", required: true });
  const fields: Array<Record<string, unknown>> = [
    { api_name: "name", type: "text", required: true, indexed: true },
    { api_name: "notes", type: "long_text" },
    { api_name: "profile", type: "rich_text" },
    { api_name: "employees", type: "number", indexed: true },
    { api_name: "revenue", type: "currency", indexed: true },
    { api_name: "discount", type: "percent" },
    { api_name: "founded", type: "date" },
    { api_name: "last_contact", type: "datetime" },
    { api_name: "active", type: "boolean" },
    {
      api_name: "tier",
      type: "single_select",
      config: {
        options: [
          { value: "a", labels: label("A 类", "Tier A") },
          { value: "b", labels: label("B 类", "Tier B") },
          { value: "c", labels: label("C 类", "Tier C") },
        ],
      },
    },
    {
      api_name: "industries",
      type: "multi_select",
      config: {
        options: [
          { value: "auto", labels: label("汽车", "Automotive") },
          { value: "med", labels: label("医疗", "Medical") },
          { value: "chip", labels: label("芯片", "Chips") },
        ],
      },
    },
    { api_name: "email", type: "email", unique: true },
    { api_name: "phone", type: "phone" },
    { api_name: "website", type: "url" },
    { api_name: "address", type: "address" },
    { api_name: "account_manager", type: "user" },
    {
      api_name: "tags",
      type: "relation",
      config: {
        relation: {
          target: "tag",
          cardinality: "many_to_many",
          inverse_name: "customers",
          inverse_labels: label("客户", "Customers"),
        },
      },
    },
    { api_name: "files", type: "attachment" },
    { api_name: "code", type: "auto_number", config: { pattern: "KH-{YYYY}-{0000}" } },
  ];
  for (const field of fields) await addField(client, "customer", field);
  await createObject(client, "contact", "联系人", "Contact");
  await addField(client, "contact", { api_name: "name", type: "text", required: true });
  await addField(client, "contact", {
    api_name: "customer",
    type: "relation",
    config: {
      relation: {
        target: "customer",
        cardinality: "many_to_one",
        inverse_name: "contacts",
        inverse_labels: label("联系人", "Contacts"),
      },
    },
  });
}
