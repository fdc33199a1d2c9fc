import { type Clock, KeduoError } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { type AccessContext, type AccessService, activeUserIdentity } from "../access/index.ts";
import { modelOrThrow, type RecordsService, type RestrictedModel, restrictModel } from "../records/index.ts";
import type { Actor } from "./batch-writer.ts";
import type { ImportLimits } from "./import-limits.ts";
import type { ColumnMapping, ImportStore } from "./import-store.ts";
import { importableFields, mappingTargets } from "./mapping-suggest.ts";
import type { BoundColumn } from "./row-converter.ts";

export interface ImportDeps {
  database: Database;
  records: RecordsService;
  access: AccessService;
  config: ServerConfig;
  clock: Clock;
  store: ImportStore;
  limits: ImportLimits;
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

/**
 * Checks a mapping against the object's importable fields (and the currency codes of its money fields);
 * every problem is reported at once with the path of the mapping entry. Returns the columns bound to their
 * fields, currency code columns first, so a field's own column is the one its problems are reported on.
 */
export function bindMapping(
  model: RestrictedModel,
  access: AccessContext,
  mapping: ColumnMapping[],
  matchFields: string[],
): BoundColumn[] {
  const targets = mappingTargets(importableFields(model));
  const issues: Array<{ field: string; code: string; params?: Record<string, string> }> = [];
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
    const column = { index: columnIndexOf(entry.column), letter: entry.column, field, lookup };
    if (part) columns.unshift({ ...column, part });
    else columns.push(column);
  });
  for (const [i, name] of matchFields.entries()) {
    // A match field is a field of its own; a currency code alone matches nothing.
    if (!used.has(name) || targets.get(name)?.part)
      issues.push({ field: `match_fields.${i}`, code: "unknown_field", params: { name } });
  }
  if (issues.length)
    throw new KeduoError("IMPORT_INVALID_MAPPING", { params: { count: issues.length }, issues });
  return columns;
}
