import { type Clock, type FieldDefinition, isUuid, KeduoError, type SelectOption } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { ImportLimits } from "../../import-limits.ts";
import {
  type AccessContext,
  type AccessService,
  activeUserIdentity,
  type RestrictedModel,
  restrictModel,
} from "../access/index.ts";
import { modelOrThrow } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { Actor } from "./batch-writer.ts";
import type { ColumnMapping } from "./import-run.ts";
import type { ImportStore } from "./import-store.ts";
import { importableFields, mappingTargets } from "./mapping-suggest.ts";
import { OptionMatcher } from "./option-matcher.ts";
import type { BoundColumn } from "./row-converter.ts";

/** Adds options to a select field (the value mapping's "add as a new option"), as the metadata service does. */
export type AddOptions = (
  object: string,
  field: string,
  options: SelectOption[],
  actorId: string,
) => Promise<FieldDefinition>;

export interface ImportDeps {
  database: Database;
  records: RecordsService;
  access: AccessService;
  config: ServerConfig;
  clock: Clock;
  store: ImportStore;
  limits: ImportLimits;
  /** Adds options to a select field (the metadata service), for "add as a new option" in a value mapping. */
  addOptions?: AddOptions;
}

/**
 * The importing user's rights, rebuilt when the job runs (not kept from the request): a user disabled or
 * stripped of a role since the upload imports nothing more.
 */
export async function importerAccess(deps: ImportDeps, userId: string): Promise<AccessContext> {
  const user = await activeUserIdentity(deps.database.db, userId);
  if (!user) throw new KeduoError("FORBIDDEN");
  return deps.access.contextFor(user, deps.database.db);
}

/** The importing user, writing as an import (or its undo): events name the source and the import run. */
export function importActor(access: AccessContext, run: { id: string; undo?: boolean }): Actor {
  return {
    access,
    origin: {
      ip: null,
      via: "system",
      source: run.undo ? "undo" : "import",
      causation: { runId: run.id, depth: 0 },
    },
  };
}

export function columnIndexOf(letter: string): number {
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The object as the importing user may fill it. */
export function importModel(access: AccessContext, object: string): RestrictedModel {
  return restrictModel(modelOrThrow(access.snapshot, object), access);
}

const CHOICE_TYPES = new Set(["single_select", "multi_select"]);
const ID_TYPES = new Set(["user", "relation", "department"]);

type MappingIssue = { field: string; code: string; params?: Record<string, string> };

/** The user's value mapping of a column: option values for selects, ids for users, records, departments. */
function bindValues(entry: ColumnMapping, i: number, field: FieldDefinition, issues: MappingIssue[]) {
  if (!entry.values?.length) return null;
  const choice = CHOICE_TYPES.has(field.type);
  if (!choice && !ID_TYPES.has(field.type)) {
    issues.push({ field: `mapping.${i}.values`, code: "unsupported_field" });
    return null;
  }
  const options = new Set((field.config.options ?? []).map((o) => o.value));
  const values = new Map<string, string | null>();
  entry.values.forEach(({ from, to }, j) => {
    if (to !== null && (choice ? !options.has(to) : !isUuid(to)))
      issues.push({
        field: `mapping.${i}.values.${j}.to`,
        code: choice ? "invalid_option" : "invalid_format",
        params: choice ? { value: to } : { format: "uuid" },
      });
    values.set(from.trim(), to === null || choice ? to : to.toLowerCase());
  });
  return values;
}

/**
 * Checks a mapping against the object's importable fields (the currency codes of its money fields, the
 * parts of its address fields); every problem is reported at once with the path of the mapping entry.
 * Returns the columns bound to their fields, with their rules built once (unit, option matcher, value
 * mapping); currency code columns come first, so a field's own column is the one its problems name.
 */
export function bindMapping(
  model: RestrictedModel,
  access: AccessContext,
  mapping: ColumnMapping[],
  matchFields: string[],
): BoundColumn[] {
  const targets = mappingTargets(importableFields(model));
  const issues: MappingIssue[] = [];
  const used = new Set<string>();
  const columns: BoundColumn[] = [];
  mapping.forEach((entry, i) => {
    const target = targets.get(entry.field);
    if (!/^[A-Z]{1,3}$/.test(entry.column))
      issues.push({ field: `mapping.${i}.column`, code: "invalid_format", params: { format: "A–ZZZ" } });
    if (!target)
      issues.push({ field: `mapping.${i}.field`, code: "unknown_field", params: { name: entry.field } });
    else if (used.has(entry.field))
      issues.push({ field: `mapping.${i}.field`, code: "duplicate_value", params: { value: entry.field } });
    if (!target) return;
    used.add(entry.field);
    const { field, part } = target;
    let lookup = "";
    if (field.type === "relation") {
      const relationTarget = access.snapshot.objects.get(field.config.relation?.target ?? "");
      lookup = entry.lookup ?? relationTarget?.displayField ?? "";
      // Only a field the importer may see: a hidden one is refused like a missing one (issue 18).
      const visible = relationTarget && importModel(access, relationTarget.apiName).fieldByName.get(lookup);
      if (!visible)
        issues.push({ field: `mapping.${i}.lookup`, code: "unknown_field", params: { name: lookup || "-" } });
    }
    if (entry.unit !== undefined && (part || (field.type !== "number" && field.type !== "currency")))
      issues.push({ field: `mapping.${i}.unit`, code: "unsupported_field" });
    const values = part ? null : bindValues(entry, i, field, issues);
    const column: BoundColumn = {
      index: columnIndexOf(entry.column),
      letter: entry.column,
      field,
      lookup,
      unit: entry.unit ?? "one",
      values,
      matcher: !part && CHOICE_TYPES.has(field.type) ? new OptionMatcher(field.config.options ?? []) : null,
    };
    if (part === "currency") columns.unshift({ ...column, part });
    else columns.push(part ? { ...column, part } : column);
  });
  for (const [i, name] of matchFields.entries()) {
    // A match field is a field of its own; a currency code or an address part alone matches nothing.
    if (!used.has(name) || targets.get(name)?.part)
      issues.push({ field: `match_fields.${i}`, code: "unknown_field", params: { name } });
  }
  if (issues.length)
    throw new KeduoError("IMPORT_INVALID_MAPPING", { params: { count: issues.length }, issues });
  return columns;
}
