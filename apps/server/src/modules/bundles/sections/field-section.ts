import { type FieldDefinition, type FieldDefinitionInput, fieldTypeOf, isFieldTypeName } from "@keduo/core";
import { type MetadataService, serializeField } from "../../metadata/index.ts";
import type { BundleItem, BundleSection, JsonObject } from "../bundle-section.ts";
import { orderComputedFields } from "./computed-order.ts";
import { withField } from "./working-snapshot.ts";

/** A field as a bundle holds it: its definition without id, position or state (hidden, filling). */
function fieldContent(field: FieldDefinition): JsonObject {
  const {
    id: _id,
    position: _position,
    hidden: _hidden,
    filling: _filling,
    ...content
  } = serializeField(field);
  return content as unknown as JsonObject;
}

const computed = (item: BundleItem) => {
  const type = item.content.type;
  return isFieldTypeName(type) && fieldTypeOf(type).computed;
};

/**
 * Fields of objects, in each object's file in field order. A deleted (hidden) field is not part of the
 * installation's configuration. Computed fields are applied after the others, since formulas, lookups and
 * rollups read them, each after the computed fields it reads; a type change goes through the same conversion
 * checks as the field designer's, so one that would lose data is refused with the offending records.
 */
export function fieldSection(metadata: MetadataService): BundleSection {
  return {
    kind: "fields",
    placement: { file: "object", slot: "fields", shape: "list" },
    async exportItems({ snapshot }) {
      return [...snapshot.objects.values()]
        .sort((a, b) => a.apiName.localeCompare(b.apiName))
        .flatMap((object) =>
          [...object.fields]
            .filter((field) => !field.hidden)
            .sort((a, b) => a.position - b.position)
            .map((field) => ({ key: `${object.apiName}.${field.apiName}`, content: fieldContent(field) })),
        );
    },
    applyOrder: (items) => [
      ...items.filter((i) => !computed(i)),
      ...orderComputedFields(items.filter(computed)),
    ],
    async apply(context, item, existing) {
      const object = item.key.slice(0, item.key.indexOf("."));
      const input = item.content as unknown as FieldDefinitionInput;
      const { change } = context;
      const field = existing
        ? (
            await metadata.inChange.updateField(change, object, input.api_name, {
              ...input,
              api_name: undefined,
            } as Partial<FieldDefinitionInput>)
          ).field
        : await metadata.inChange.createField(change, object, input);
      context.setSnapshot(withField(change.snapshot, field));
    },
  };
}
