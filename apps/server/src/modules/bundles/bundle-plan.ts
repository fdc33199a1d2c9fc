import type { FieldIssue } from "@keduo/core";
import type { BundleItem } from "./bundle-section.ts";
import { checksumOf } from "./canonical-json.ts";
import type { InstalledItem } from "./install-records.ts";

export type PlanAction =
  | "create"
  | "update"
  | "unchanged"
  | "kept_changed_locally"
  | "left_alone"
  | "refused";

export type PlanReason =
  /** The installation's item differs from what this bundle installed: an admin changed it. */
  | "changed_locally"
  /** The item existed before this bundle and differs from it: it is the installation's, not the bundle's. */
  | "not_installed_by_bundle"
  /** This bundle installed the item and it is gone: an admin deleted it, and it is not brought back. */
  | "deleted_locally"
  /** This bundle installed the item before and its new version no longer has it: kept, never deleted. */
  | "removed_from_bundle"
  /** The item belongs to an object that was refused. */
  | "object_refused";

export interface PlanEntry {
  kind: string;
  key: string;
  /** The file and place the item has in the bundle. */
  path: string;
  action: PlanAction;
  reason?: PlanReason;
  /** DDL the item ran (in a dry run: would run). */
  statements: string[];
  problems: FieldIssue[];
}

/** What to do with one bundle item, from three checksums: the bundle's, the installation's and the record's. */
export function decide(
  bundle: BundleItem,
  current: BundleItem | undefined,
  record: InstalledItem | undefined,
): { action: PlanAction; reason?: PlanReason; adopt?: boolean } {
  const source = checksumOf(bundle.content);
  const now = current ? checksumOf(current.content) : null;
  if (!record) {
    if (now === null) return { action: "create" };
    // Already there as the bundle has it: nothing to do but remember it as installed by this bundle.
    if (now === source) return { action: "unchanged", adopt: true };
    return { action: "kept_changed_locally", reason: "not_installed_by_bundle" };
  }
  if (now === null) return { action: "left_alone", reason: "deleted_locally" };
  if (now === record.installedChecksum) {
    return source === record.sourceChecksum ? { action: "unchanged" } : { action: "update" };
  }
  if (now === source) return { action: "unchanged", adopt: true };
  return { action: "kept_changed_locally", reason: "changed_locally" };
}

export function summarise(entries: PlanEntry[]): Record<PlanAction, number> {
  const summary: Record<PlanAction, number> = {
    create: 0,
    update: 0,
    unchanged: 0,
    kept_changed_locally: 0,
    left_alone: 0,
    refused: 0,
  };
  for (const entry of entries) summary[entry.action] += 1;
  return summary;
}
