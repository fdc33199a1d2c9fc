import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../metadata/definitions.ts";
import { fieldDefinitionFixture } from "../metadata/field-definition-fixture.ts";
import { checkFormula } from "./checker.ts";
import { formulaSchemaFromMetadata } from "./metadata-schema.ts";

const field = (objectApiName: string, apiName: string, type: FieldDefinition["type"], config = {}) =>
  fieldDefinitionFixture({ objectApiName, apiName, type, config });

const object = (apiName: string, fields: FieldDefinition[]) => ({ apiName, fields });

const relation = (target: string, inverse: string, cardinality = "many_to_one") => ({
  relation: { target, cardinality, inverse_name: inverse, inverse_labels: { "zh-CN": inverse, en: inverse } },
});

const snapshot = {
  objects: new Map([
    [
      "customer",
      object("customer", [field("customer", "name", "text"), field("customer", "address", "address")]),
    ],
    [
      "contact",
      object("contact", [
        field("contact", "name", "email"),
        field("contact", "customer", "relation", relation("customer", "contacts")),
        field("contact", "tags", "relation", relation("tag", "tagged", "many_to_many")),
        { ...field("contact", "secret", "text"), hidden: true },
      ]),
    ],
    ["tag", object("tag", [field("tag", "label", "single_select")])],
  ]),
};

describe("formulaSchemaFromMetadata", () => {
  const schema = formulaSchemaFromMetadata(snapshot);

  it("maps field types to formula types, relations to hops and lists", () => {
    expect(schema.field("contact", "name")).toEqual({ kind: "value", type: "text" });
    expect(schema.field("contact", "customer")).toEqual({ kind: "relation", target: "customer" });
    expect(schema.field("contact", "tags")).toEqual({ kind: "list", target: "tag" });
    expect(schema.field("customer", "contacts")).toEqual({ kind: "list", target: "contact" });
    expect(schema.field("tag", "tagged")).toEqual({ kind: "list", target: "contact" });
    expect(schema.field("tag", "label")).toEqual({ kind: "value", type: "select" });
    expect(schema.field("contact", "created_at")).toEqual({ kind: "value", type: "datetime" });
    expect(schema.field("contact", "owner_id")).toEqual({ kind: "value", type: "user" });
  });

  it("leaves out hidden fields and types formulas cannot read", () => {
    expect(schema.field("contact", "secret")).toBeUndefined();
    expect(schema.field("customer", "address")).toBeUndefined();
    expect(schema.fields("customer").map(([name]) => name)).toContain("contacts");
  });

  it("checks formulas across relations and reverse lists", () => {
    expect(checkFormula("customer.name & name", { schema, object: "contact" }).ok).toBe(true);
    const rollup = checkFormula('COUNT(contacts, CONTAINS(contacts.name, "@"))', {
      schema,
      object: "customer",
    });
    expect(rollup.ok && rollup.formula.type).toBe("number");
  });
});
