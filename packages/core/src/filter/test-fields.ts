import { fieldTypeOf } from "../field-types/registry.ts";
import type { FieldConfig, FieldDefinition, FieldTypeName } from "../metadata/definitions.ts";
import { fieldDefinitionFixture } from "../metadata/field-definition-fixture.ts";

/** A field as metadata resolves it, for filter tests. */
export function testField(apiName: string, type: FieldTypeName, config: FieldConfig = {}): FieldDefinition {
  return fieldDefinitionFixture({ apiName, type, config: fieldTypeOf(type).resolveConfig(config, []) });
}

const options = (...values: string[]) =>
  values.map((value) => ({ value, labels: { "zh-CN": value, en: value } }));

/** One field of each shape a filter treats differently. */
export const TEST_FIELDS: ReadonlyMap<string, FieldDefinition> = new Map(
  [
    testField("name", "text"),
    testField("notes", "long_text"),
    testField("region", "single_select", { options: options("east", "south", "north") }),
    testField("areas", "multi_select", { options: options("auto", "med", "chip") }),
    testField("amount", "currency"),
    testField("score", "number"),
    testField("due", "date"),
    testField("seen", "datetime"),
    testField("vip", "boolean"),
    testField("addr", "address"),
    testField("owner", "user"),
    testField("tags", "relation", {
      relation: {
        target: "tag",
        cardinality: "many_to_many",
        inverse_name: "accounts",
        inverse_labels: { "zh-CN": "客户", en: "Accounts" },
      },
    }),
    // Metadata stores the result type the server inferred; resolveConfig keeps it.
    testField("next_due", "formula", { expression: "due + 1", result_type: "date" }),
  ].map((field) => [field.apiName, field]),
);
