import type { ApiClient } from "./api-client.ts";

export const label = (zh: string, en: string) => ({ "zh-CN": zh, en });

/** The region select several journeys filter by: 华东 / 华南 / 华北. */
export const REGION_FIELD = {
  api_name: "region",
  type: "single_select",
  labels: label("区域", "Region"),
  config: {
    options: [
      { value: "east", labels: label("华东", "East") },
      { value: "south", labels: label("华南", "South") },
      { value: "north", labels: label("华北", "North") },
    ],
  },
};

/** An object and its fields, made through the API as an admin would in the designer. */
export async function defineObject(
  api: ApiClient,
  apiName: string,
  labels: ReturnType<typeof label>,
  fields: Array<Record<string, unknown>>,
): Promise<void> {
  await api.request("POST", "/api/meta/objects", { api_name: apiName, labels });
  for (const field of fields) await api.request("POST", `/api/meta/objects/${apiName}/fields`, field);
}
