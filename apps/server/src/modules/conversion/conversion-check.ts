import type { ConversionDefinition, FieldIssue, MetadataSnapshot, Translatable } from "@keduo/core";

type Snapshot = Pick<MetadataSnapshot, "objects">;

const isText = (value: unknown): value is Translatable =>
  typeof value === "object" && value !== null && typeof (value as Translatable)["zh-CN"] === "string";

/**
 * Checks a conversion definition against the metadata, every problem at once: targets are objects, mapped
 * fields exist on both sides, links point at earlier targets through relations to their objects, back links
 * are relations of the source to the targets' objects.
 */
export function checkConversion(
  snapshot: Snapshot,
  source: string,
  input: ConversionDefinition,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const push = (field: string, code: string, params?: FieldIssue["params"]) =>
    issues.push({ field, code, ...(params ? { params } : {}) });
  const fieldOf = (object: string, name: string) =>
    snapshot.objects.get(object)?.fields.find((f) => f.apiName === name && !f.hidden);
  const relationTarget = (object: string, name: string) => {
    const field = fieldOf(object, name);
    return field?.type === "relation" && field.config.relation?.cardinality !== "many_to_many"
      ? field.config.relation?.target
      : undefined;
  };
  const targets = Array.isArray(input.targets) ? input.targets : [];
  if (targets.length === 0) push("targets", "required");
  const objectOfKey = new Map<string, string>();
  targets.forEach((target, i) => {
    const path = `targets.${i}`;
    if (typeof target.key !== "string" || !/^[a-z][a-z0-9_]{0,62}$/.test(target.key))
      push(`${path}.key`, "invalid_api_name");
    else if (objectOfKey.has(target.key)) push(`${path}.key`, "duplicate_name", { value: target.key });
    if (!isText(target.labels)) push(`${path}.labels`, "required");
    if (!snapshot.objects.has(target.object)) {
      push(`${path}.object`, "unknown_object", { name: String(target.object) });
      return;
    }
    for (const [to, from] of Object.entries(target.fields ?? {})) {
      if (!fieldOf(target.object, to)) push(`${path}.fields.${to}`, "unknown_field", { name: to });
      if (!fieldOf(source, from)) push(`${path}.fields.${to}`, "unknown_field", { name: from });
    }
    for (const [to, key] of Object.entries(target.links ?? {})) {
      const linked = objectOfKey.get(key);
      if (!linked) push(`${path}.links.${to}`, "conversion_unknown_target", { name: key });
      else if (relationTarget(target.object, to) !== linked)
        push(`${path}.links.${to}`, "overview_not_a_link", { name: to, object: linked });
    }
    for (const [j, name] of (target.match ?? []).entries()) {
      if (!(name in (target.fields ?? {}))) push(`${path}.match.${j}`, "conversion_match_unmapped", { name });
    }
    if (typeof target.key === "string") objectOfKey.set(target.key, target.object);
  });
  for (const [from, key] of Object.entries(input.back_links ?? {})) {
    const object = objectOfKey.get(key);
    if (!object) push(`back_links.${from}`, "conversion_unknown_target", { name: key });
    else if (relationTarget(source, from) !== object)
      push(`back_links.${from}`, "overview_not_a_link", { name: from, object });
  }
  for (const name of Object.keys(input.set ?? {}))
    if (!fieldOf(source, name)) push(`set.${name}`, "unknown_field", { name });
  // The source is written through the records service like any edit: a read-only field would refuse it.
  for (const [part, names] of [
    ["back_links", Object.keys(input.back_links ?? {})],
    ["set", Object.keys(input.set ?? {})],
  ] as const)
    for (const name of names) if (fieldOf(source, name)?.readOnly) push(`${part}.${name}`, "read_only");
  return issues;
}
