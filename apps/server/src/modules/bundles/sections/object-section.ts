import type { ObjectDefinitionInput } from "@keduo/core";
import { type MetadataService, serializeObject } from "../../metadata/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";
import { withObject } from "./working-snapshot.ts";

/**
 * Objects: labels, description, org-wide sharing defaults, display field and composite indexes. The display
 * field and indexes name fields, so they are set in the second pass, once the fields exist; a new object's
 * fields are then put in the bundle's order.
 */
export function objectSection(metadata: MetadataService): BundleSection {
  const settings = (content: JsonObject): Partial<ObjectDefinitionInput> => ({
    labels: content.labels as ObjectDefinitionInput["labels"],
    plural_labels: content.plural_labels as ObjectDefinitionInput["plural_labels"],
    description: (content.description ?? null) as ObjectDefinitionInput["description"],
    sharing_default: content.sharing_default as ObjectDefinitionInput["sharing_default"],
    team_access: content.team_access as ObjectDefinitionInput["team_access"],
  });
  return {
    kind: "objects",
    placement: { file: "object", slot: "object", shape: "single" },
    async exportItems({ snapshot }) {
      return [...snapshot.objects.values()]
        .sort((a, b) => a.apiName.localeCompare(b.apiName))
        .map((object) => {
          const {
            id: _id,
            api_name: _name,
            fields: _fields,
            related_lists: _lists,
            ...content
          } = serializeObject(object, snapshot, { includeHidden: false });
          return { key: object.apiName, content: content as unknown as JsonObject };
        });
    },
    async apply(context, item, existing) {
      const object = existing
        ? await metadata.inChange.updateObject(context.change, item.key, settings(item.content))
        : await metadata.inChange.createObject(context.change, {
            ...settings(item.content),
            api_name: item.key,
          } as ObjectDefinitionInput);
      context.setSnapshot(withObject(context.change.snapshot, object));
    },
    async finish(context, item, existing) {
      const { change } = context;
      if (!existing) {
        const prefix = `${item.key}.`;
        const order = context
          .bundleItems("fields")
          .filter((field) => field.key.startsWith(prefix))
          .map((field) => field.key.slice(prefix.length))
          .filter((name) => change.snapshot.objects.get(item.key)?.fields.some((f) => f.apiName === name));
        if (order.length) {
          const fields = await metadata.inChange.reorderFields(change, item.key, order);
          const object = change.snapshot.objects.get(item.key);
          if (object) context.setSnapshot(withObject(change.snapshot, { ...object, fields }));
        }
      }
      const object = await metadata.inChange.updateObject(change, item.key, {
        display_field: (item.content.display_field ?? null) as string | null,
        indexes: (item.content.indexes ?? []) as ObjectDefinitionInput["indexes"],
      });
      context.setSnapshot(withObject(change.snapshot, object));
    },
  };
}
