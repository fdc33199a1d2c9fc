import type { MetadataSnapshot } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { type BundlePlan, type BundlesService, loadBundleInstalls } from "../bundles/index.ts";
import { readTemplate } from "./template-files.ts";

/** What the first start looks at and applies through; a started server (`createKeduo`) has all of it. */
export interface TemplateTarget {
  database: Database;
  metadata: { current(): Promise<MetadataSnapshot> };
  bundles: BundlesService;
}

/**
 * Applies the template to an installation nobody has configured yet: no object defined and no bundle ever
 * applied. Anything else is an installation someone works with, which a start must not change; so is one
 * whose admin applied this template and then deleted what they did not want. The apply is one metadata
 * change, as `keduo bundle apply` makes it: a refused template starts nothing. Two instances starting side
 * by side on one empty database both get here; the metadata lock makes the second find everything installed
 * and apply nothing. Returns the plan when the template was applied, else null.
 */
export async function applyTemplateOnFirstStart(
  target: TemplateTarget,
  template: string | null,
): Promise<BundlePlan | null> {
  if (template === null) return null;
  if ((await target.metadata.current()).objects.size > 0) return null;
  if ((await loadBundleInstalls(target.database.db, target.database.schemas)).length > 0) return null;
  const plan = await target.bundles.apply(await readTemplate(template), { dryRun: false, actorId: null });
  return plan.applied ? plan : null;
}

/** The one line `keduo start` prints after applying a template. */
export function describeFirstStartTemplate(plan: BundlePlan): string {
  const objects = plan.items.filter((item) => item.kind === "objects" && item.action === "create").length;
  return (
    `Applied the ${plan.bundle.name} template (version ${plan.bundle.version}): ${objects} objects, ` +
    `${plan.summary.create} items in one metadata change. Set KEDUO_TEMPLATE=none to start empty.`
  );
}
