import {
  FORMULA_LIMITS,
  type FormulaSchema,
  type FormulaValueType,
  type MetadataSnapshot,
  type Translatable,
} from "@keduo/core";
import { nameOrigin } from "../formula-sql/index.ts";

export interface FieldSuggestion {
  /** What the formula writes: `amount`, `account.tier`, `payments.amount`. */
  path: string;
  kind: "value" | "relation" | "list";
  /** Formula type of a value. */
  type?: FormulaValueType;
  /** Object a relation or list leads to. */
  target?: string;
  labels: Translatable;
}

// Enough for the paths people write; a graph of many related objects cannot blow the answer up.
const MAX_SUGGESTIONS = 1000;

const SYSTEM_LABELS: Record<string, Translatable> = {
  created_at: { "zh-CN": "创建时间", en: "Created at" },
  updated_at: { "zh-CN": "更新时间", en: "Updated at" },
  created_by: { "zh-CN": "创建人", en: "Created by" },
  updated_by: { "zh-CN": "更新人", en: "Updated by" },
  owner_id: { "zh-CN": "负责人", en: "Owner" },
};

function labelsOf(snapshot: MetadataSnapshot, object: string, name: string): Translatable {
  const origin = nameOrigin(snapshot, object, name);
  if (!origin?.field) return SYSTEM_LABELS[name] ?? { "zh-CN": name, en: name };
  if (origin.object === object) return origin.field.labels;
  return origin.field.config.relation?.inverse_labels ?? origin.field.labels;
}

/**
 * Every path a formula on `object` may use, nearest first (breadth-first): the object's names, then what
 * lies behind each relation and list, up to the relation-hop limit. A list is not followed into another
 * list, because an aggregate reads one list. The schema is already the caller's view.
 */
export function suggestFields(
  schema: FormulaSchema,
  snapshot: MetadataSnapshot,
  object: string,
): FieldSuggestion[] {
  const suggestions: FieldSuggestion[] = [];
  const queue = [{ prefix: "", object, hops: 0, inList: false }];
  for (let next = queue.shift(); next && suggestions.length < MAX_SUGGESTIONS; next = queue.shift()) {
    for (const [name, field] of schema.fields(next.object)) {
      if (suggestions.length >= MAX_SUGGESTIONS) break;
      const path = next.prefix + name;
      const labels = labelsOf(snapshot, next.object, name);
      if (field.kind === "value") {
        suggestions.push({ path, kind: "value", type: field.type, labels });
        continue;
      }
      if (field.kind === "list" && next.inList) continue;
      suggestions.push({ path, kind: field.kind, target: field.target, labels });
      if (next.hops < FORMULA_LIMITS.maxRelationHops) {
        queue.push({
          prefix: `${path}.`,
          object: field.target,
          hops: next.hops + 1,
          inList: next.inList || field.kind === "list",
        });
      }
    }
  }
  return suggestions;
}
