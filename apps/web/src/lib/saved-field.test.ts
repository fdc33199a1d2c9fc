import { describe, expect, it } from "vitest";
import type { FieldMeta, ObjectMeta, ObjectsResponse } from "../api/types.ts";
import { withSavedField } from "./saved-field.ts";

const field = (api_name: string, labels = { "zh-CN": api_name, en: api_name }) =>
  ({ api_name, type: "text", labels }) as unknown as FieldMeta;
const object = (api_name: string, fields: FieldMeta[]) =>
  ({ api_name, display_field: null, fields }) as unknown as ObjectMeta;
const data: ObjectsResponse = {
  version: 7,
  objects: [object("account", [field("name"), field("city")]), object("contact", [field("name")])],
};

describe("the designer's metadata with a just-saved field", () => {
  it("adds a new field after the object's others and leaves other objects alone", () => {
    const next = withSavedField(data, "account", field("phone"));
    expect(next.objects[0]!.fields.map((f) => f.api_name)).toEqual(["name", "city", "phone"]);
    expect(next.objects[1]).toBe(data.objects[1]);
    expect(data.objects[0]!.fields).toHaveLength(2);
  });

  it("replaces an edited field in its place", () => {
    const renamed = field("name", { "zh-CN": "客户名称", en: "Name" });
    const next = withSavedField(data, "account", renamed);
    expect(next.objects[0]!.fields.map((f) => f.labels["zh-CN"])).toEqual(["客户名称", "city"]);
  });

  it("sets the title field when the same save chose it", () => {
    expect(withSavedField(data, "contact", field("title"), "title").objects[1]!.display_field).toBe("title");
    expect(withSavedField(data, "contact", field("title")).objects[1]!.display_field).toBeNull();
  });
});
