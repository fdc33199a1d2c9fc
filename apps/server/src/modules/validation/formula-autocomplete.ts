import {
  DIRECTORY_USER,
  FORMULA_LIMITS,
  type FormulaSchema,
  type FormulaValueType,
  type MetadataSnapshot,
  type Translatable,
  withDirectory,
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

/** The names of the user directory (core directory.ts). */
const DIRECTORY_LABELS: Record<string, Translatable> = {
  name: { "zh-CN": "姓名", en: "Name" },
  email: { "zh-CN": "邮箱", en: "Email" },
  active: { "zh-CN": "已启用", en: "Active" },
  manager: { "zh-CN": "上级", en: "Manager" },
  department: { "zh-CN": "部门", en: "Department" },
  parent: { "zh-CN": "上级部门", en: "Parent department" },
};

function labelsOf(snapshot: MetadataSnapshot, object: string, name: string): Translatable {
  if (object.startsWith("@")) return DIRECTORY_LABELS[name] ?? { "zh-CN": name, en: name };
  const origin = nameOrigin(snapshot, object, name);
  if (!origin?.field) return SYSTEM_LABELS[name] ?? { "zh-CN": name, en: name };
  if (origin.object === object) return origin.field.labels;
  return origin.field.config.relation?.inverse_labels ?? origin.field.labels;
}

/**
 * Every path a formula on `object` may use, nearest first (breadth-first): the object's names, then what
 * lies behind each relation, list and user (the user directory: `owner_id.manager.name`), up to the
 * relation-hop limit. A list is not followed into another list, because an aggregate reads one list. The
 * schema is already the caller's view.
 */
export function suggestFields(
  schema: FormulaSchema,
  snapshot: MetadataSnapshot,
  object: string,
): FieldSuggestion[] {
  const lookup = withDirectory(schema);
  const suggestions: FieldSuggestion[] = [];
  const queue = [{ prefix: "", object, hops: 0, inList: false }];
  for (let next = queue.shift(); next && suggestions.length < MAX_SUGGESTIONS; next = queue.shift()) {
    for (const [name, field] of lookup.fields(next.object)) {
      if (suggestions.length >= MAX_SUGGESTIONS) break;
      const path = next.prefix + name;
      const labels = labelsOf(snapshot, next.object, name);
      const follow = (target: string, list: boolean) => {
        if (next.hops < FORMULA_LIMITS.maxRelationHops)
          queue.push({
            prefix: `${path}.`,
            object: target,
            hops: next.hops + 1,
            inList: next.inList || list,
          });
      };
      if (field.kind === "value") {
        suggestions.push({ path, kind: "value", type: field.type, labels });
        if (field.type === "user") follow(DIRECTORY_USER, false);
        continue;
      }
      if (field.kind === "list" && next.inList) continue;
      // A directory hop (a user's department) reads like a relation to the editor; its target is no object.
      const target = field.target.startsWith("@") ? field.target.slice(1) : field.target;
      suggestions.push({ path, kind: field.kind, target, labels });
      follow(field.target, field.kind === "list");
    }
  }
  return suggestions;
}
