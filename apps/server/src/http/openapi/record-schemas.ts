import { type FieldDefinition, fieldTypeOf, type JsonSchema, type ObjectDefinition } from "@keduo/core";
import { listSchema, SYSTEM_PROPERTIES, systemProperties } from "./common-components.ts";
import { schemaRef } from "./openapi-document.ts";

/** Component names for one object's schemas (API names are `[a-z0-9_]`, valid in component keys). */
export const recordSchemaNames = (object: string) => ({
  record: `Record_${object}`,
  input: `RecordInput_${object}`,
  patch: `RecordPatch_${object}`,
  list: `RecordList_${object}`,
});

const isWritable = (field: FieldDefinition) => !field.readOnly && !fieldTypeOf(field.type).systemGenerated;

function fieldSchema(field: FieldDefinition): JsonSchema {
  const schema: JsonSchema = {
    ...fieldTypeOf(field.type).jsonSchema(field),
    title: field.labels.en,
    "x-keduo-type": field.type,
    "x-keduo-labels": field.labels,
  };
  if (field.helpText) schema.description = field.helpText.en;
  if (!isWritable(field)) schema.readOnly = true;
  return schema;
}

function inputSchema(fields: FieldDefinition[], required: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) {
    const schema = fieldSchema(field);
    if (field.defaultValue !== null && field.defaultValue !== undefined) schema.default = field.defaultValue;
    properties[field.apiName] = schema;
  }
  // The server refuses unknown and system fields, so clients learn that from the schema too.
  return {
    type: "object",
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

/** A create may name the owner (ADR 0024); an update never does (transfer and claim change owners). */
function withOwner(schema: JsonSchema): JsonSchema {
  const owner: JsonSchema = {
    type: ["string", "null"],
    format: "uuid",
    description:
      "The owner: absent for yourself, another user's id (needs transfer_records or modify_all on the object), or null for an unowned record",
  };
  return { ...schema, properties: { owner_id: owner, ...(schema.properties as Record<string, JsonSchema>) } };
}

/**
 * Record_<object> (as returned), RecordInput_<object> (create: writable fields, required ones without a
 * default), RecordPatch_<object> (update: any subset) and RecordList_<object> (a page of records).
 */
export function recordSchemas(object: ObjectDefinition): Record<string, JsonSchema> {
  const names = recordSchemaNames(object.apiName);
  const fields = object.fields.filter((field) => !field.hidden);
  const writable = fields.filter(isWritable);
  const properties = systemProperties();
  for (const field of fields) properties[field.apiName] = fieldSchema(field);
  const label = `${object.labels.en} (${object.labels["zh-CN"]})`;
  return {
    [names.record]: {
      type: "object",
      title: label,
      description:
        "With `expand`, an expanded relation or user field holds the related record instead of its id",
      properties,
      required: [
        ...Object.keys(SYSTEM_PROPERTIES),
        ...fields.filter((field) => field.required).map((field) => field.apiName),
      ],
    },
    [names.input]: withOwner({
      title: `New ${label}`,
      ...inputSchema(
        writable,
        writable
          .filter(
            (field) => field.required && (field.defaultValue === null || field.defaultValue === undefined),
          )
          .map((field) => field.apiName),
      ),
    }),
    [names.patch]: { title: `Changes to ${label}`, ...inputSchema(writable, []) },
    [names.list]: listSchema(schemaRef(names.record)),
  };
}
