import type { FieldConfig, FieldDefinition, FieldTypeName } from "./definitions.ts";

/** A field definition for tests: every setting at its default, `config` as given (resolve it first if needed). */
export function fieldDefinitionFixture(field: {
  apiName: string;
  type: FieldTypeName;
  config?: FieldConfig;
  objectApiName?: string;
  id?: string;
}): FieldDefinition {
  const objectApiName = field.objectApiName ?? "account";
  return {
    id: field.id ?? `${objectApiName}-${field.apiName}`,
    objectApiName,
    apiName: field.apiName,
    type: field.type,
    labels: { "zh-CN": field.apiName, en: field.apiName },
    helpText: null,
    required: false,
    unique: false,
    indexed: false,
    readOnly: false,
    defaultValue: null,
    config: field.config ?? {},
    position: 0,
    hidden: false,
  };
}
