import type { FieldDefinition } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { DistinctValues } from "./column-values.ts";
import { OptionMatcher } from "./option-matcher.ts";
import { type Resolved, resolveDepartments, resolveRelation, resolveUsers } from "./reference-resolver.ts";

export interface ValueMatch {
  /** The option value, user id, record id or department id the text is taken for. */
  to: string;
  by: string;
}

/** A distinct text with its count and what the import would take it for (null: nothing, ask the user). */
export interface SuggestedValue {
  value: string;
  count: number;
  match: ValueMatch | null;
  /** Several users or records carry this name: the user must choose. */
  ambiguous?: number;
}

function fromResolved(found: Resolved, values: DistinctValues["values"]): SuggestedValue[] {
  return values.map(({ value, count }) => {
    const ids = found.get(value) ?? [];
    if (ids.length === 1) return { value, count, match: { to: ids[0]!, by: "exact" } };
    return ids.length > 1
      ? { value, count, match: null, ambiguous: ids.length }
      : { value, count, match: null };
  });
}

/**
 * What each distinct text of a column would become, by the same rules the import applies: option
 * matching for selects (case, width, level suffixes, either language, pinyin), and one batched lookup for
 * users, records (by the lookup field) and departments.
 */
export async function suggestValues(
  distinct: DistinctValues["values"],
  field: FieldDefinition,
  lookup: string,
  deps: { database: Database; records: RecordsService; access: AccessContext },
): Promise<SuggestedValue[]> {
  if (field.type === "single_select" || field.type === "multi_select") {
    const matcher = new OptionMatcher(field.config.options ?? []);
    return distinct.map(({ value, count }) => {
      const found = matcher.match(value);
      return { value, count, match: found ? { to: found.value, by: found.by } : null };
    });
  }
  const texts = new Set(distinct.map((d) => d.value));
  const found =
    field.type === "user"
      ? await resolveUsers(deps.database, texts)
      : field.type === "department"
        ? await resolveDepartments(deps.database, texts)
        : await resolveRelation(deps.records, deps.access, field, lookup, texts);
  return fromResolved(found, distinct);
}
