import type { FieldMeta, ObjectsResponse } from "../api/types.ts";

/**
 * The metadata query's data with a field the server just saved put in place: replaced where the object has it,
 * else added after its fields (where the server puts a new one), and the object's title field set when the
 * same save chose it. The designer shows the saved field from this at once and refetches the metadata behind
 * it (related lists on the relation's target, what other modules derive), instead of making the admin wait
 * for that refetch.
 */
export function withSavedField(
  data: ObjectsResponse,
  objectName: string,
  saved: FieldMeta,
  displayField?: string,
): ObjectsResponse {
  return {
    ...data,
    objects: data.objects.map((object) => {
      if (object.api_name !== objectName) return object;
      const known = object.fields.some((f) => f.api_name === saved.api_name);
      return {
        ...object,
        ...(displayField ? { display_field: displayField } : {}),
        fields: known
          ? object.fields.map((f) => (f.api_name === saved.api_name ? saved : f))
          : [...object.fields, saved],
      };
    }),
  };
}
