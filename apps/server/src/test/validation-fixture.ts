import { expect } from "vitest";
import { addField, createObject, label } from "./fixtures.ts";
import type { HttpClient } from "./http-client.ts";

const options = (...values: string[]) => ({
  options: values.map((value) => ({ value, labels: label(value.toUpperCase(), value.toUpperCase()) })),
});

/** Accounts with a tier and deals that belong to them: what the validation and formula tests write rules on. */
export async function createSalesFixture(admin: HttpClient) {
  await createObject(admin, "account", "客户", "Account");
  await addField(admin, "account", { api_name: "name", type: "text", required: true });
  await addField(admin, "account", {
    api_name: "tier",
    type: "single_select",
    config: options("a", "b", "c"),
  });
  await addField(admin, "account", { api_name: "secret_score", type: "number" });
  await createObject(admin, "deal", "商机", "Deal");
  await addField(admin, "deal", { api_name: "title", type: "text", required: true });
  await addField(admin, "deal", { api_name: "amount", type: "currency" });
  await addField(admin, "deal", { api_name: "discount", type: "percent" });
  await addField(admin, "deal", { api_name: "close_date", type: "date" });
  await addField(admin, "deal", { api_name: "probability", type: "number" });
  await addField(admin, "deal", { api_name: "margin", type: "number" });
  await addField(admin, "deal", {
    api_name: "account",
    type: "relation",
    config: {
      relation: {
        target: "account",
        cardinality: "many_to_one",
        inverse_name: "deals",
        inverse_labels: label("商机", "Deals"),
      },
    },
  });
  await addField(admin, "deal", {
    api_name: "competitors",
    type: "relation",
    config: {
      relation: {
        target: "account",
        cardinality: "many_to_many",
        inverse_name: "competing_deals",
        inverse_labels: label("竞争商机", "Competing deals"),
      },
    },
  });
}

/** Members see deals and accounts but never a deal's margin or an account's secret score. */
export async function hideFromMembers(admin: HttpClient) {
  const response = await admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { deal: { margin: "hidden" }, account: { secret_score: "hidden" } },
    },
  });
  expect(response.status, response.text).toBe(200);
}

export const money = (amount: string) => ({ amount, currency: "CNY" });
