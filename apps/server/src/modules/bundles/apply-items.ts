import { type FieldIssue, findErrorDefinition, isKeduoError, type MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import type { MetadataChange } from "../metadata/index.ts";
import { type BundleManifest, type LocatedItem, locate } from "./bundle-files.ts";
import { decide, type PlanEntry } from "./bundle-plan.ts";
import type { ApplyContext, BundleItem, BundleSection } from "./bundle-section.ts";
import { checksumOf } from "./canonical-json.ts";
import { type InstalledItem, installedItem, loadInstalledItems, saveInstall } from "./install-records.ts";

interface Step {
  entry: PlanEntry;
  section: BundleSection;
  item: LocatedItem;
  existing: BundleItem | undefined;
  adopt: boolean;
}

const objectOf = (key: string) => key.split(".")[0] ?? key;

/** A refused item's problems, each at its place in the bundle's files. */
function problemsOf(error: unknown, path: string): FieldIssue[] {
  if (!isKeduoError(error)) throw error;
  if (error.issues.length)
    return error.issues.map((issue) => ({ ...issue, field: `${path}.${issue.field}` }));
  const definition = findErrorDefinition(error.code);
  return [
    {
      field: path,
      code: error.code,
      params: error.params,
      ...(definition ? { message: definition.detail } : {}),
    },
  ];
}

/**
 * Plans every item against the installation and what this bundle installed before, then applies the ones
 * to create or update, each in a savepoint so a refused one leaves nothing behind while the rest are still
 * tried: the caller gets every problem at once and rolls the whole change back if there is any.
 */
export async function applyItems(input: {
  change: MetadataChange;
  schemas: Schemas;
  sections: readonly BundleSection[];
  bundle: BundleManifest;
  items: LocatedItem[];
  current: Map<string, BundleItem[]>;
  actorId: string | null;
  now: Date;
  exportItems(trx: Trx, snapshot: MetadataSnapshot): Promise<Map<string, BundleItem[]>>;
}) {
  const { change, sections } = input;
  const { trx } = change;
  const records = await loadInstalledItems(trx, input.schemas, input.bundle.name);
  const steps: Step[] = [];
  const entries: PlanEntry[] = [];
  const inBundle = new Set<string>();
  for (const section of sections) {
    const current = new Map((input.current.get(section.kind) ?? []).map((item) => [item.key, item]));
    const own = input.items.filter((item) => item.kind === section.kind);
    for (const item of section.applyOrder ? (section.applyOrder(own) as LocatedItem[]) : own) {
      inBundle.add(`${section.kind}\u0000${item.key}`);
      const existing = current.get(item.key);
      const decision = decide(item, existing, installedItem(records, section.kind, item.key));
      const entry: PlanEntry = {
        kind: section.kind,
        key: item.key,
        path: item.path,
        action: decision.action,
        ...(decision.reason ? { reason: decision.reason } : {}),
        statements: [],
        problems: [],
      };
      entries.push(entry);
      steps.push({ entry, section, item, existing, adopt: decision.adopt === true });
    }
  }
  for (const record of records.values()) {
    const section = sections.find((s) => s.kind === record.kind);
    if (!section || inBundle.has(`${record.kind}\u0000${record.key}`)) continue;
    const { path } = locate(section.placement, record.key);
    entries.push({
      kind: record.kind,
      key: record.key,
      path,
      action: "left_alone",
      reason: "removed_from_bundle",
      statements: [],
      problems: [],
    });
  }

  let snapshot = change.snapshot;
  let running: PlanEntry | null = null;
  const working: MetadataChange = {
    ...change,
    get snapshot() {
      return snapshot;
    },
    async run(statements) {
      await change.run(statements);
      running?.statements.push(...statements.map((statement) => statement.compile(trx).sql));
    },
  };
  const context: ApplyContext = {
    change: working,
    setSnapshot: (next) => {
      snapshot = next;
    },
    bundleItems: (kind) => input.items.filter((item) => item.kind === kind),
    actorId: input.actorId,
    now: input.now,
  };
  const attempt = async (step: Step, work: () => Promise<void>) => {
    const before = snapshot;
    running = step.entry;
    await sql`SAVEPOINT bundle_item`.execute(trx);
    try {
      await work();
      await sql`RELEASE SAVEPOINT bundle_item`.execute(trx);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT bundle_item`.execute(trx);
      snapshot = before;
      step.entry.problems.push(...problemsOf(error, step.item.path));
      step.entry.action = "refused";
    } finally {
      running = null;
    }
  };

  const refusedObjects = new Set<string>();
  const toApply = (step: Step) => step.entry.action === "create" || step.entry.action === "update";
  for (const step of steps.filter(toApply)) {
    const { placement } = step.section;
    if (placement.file === "object" && refusedObjects.has(objectOf(step.item.key))) {
      if (!snapshot.objects.has(objectOf(step.item.key))) {
        step.entry.action = "refused";
        step.entry.reason = "object_refused";
        continue;
      }
    }
    await attempt(step, () => step.section.apply(context, step.item, step.existing));
    if (step.entry.action === "refused" && placement.file === "object" && placement.shape === "single")
      refusedObjects.add(step.item.key);
  }
  for (const step of steps.filter(toApply)) {
    const { finish } = step.section;
    if (finish) await attempt(step, () => finish(context, step.item, step.existing));
  }

  const installed = steps.filter((step) => toApply(step) || step.adopt);
  return {
    entries,
    changed: installed.length > 0,
    /** Remembers what this bundle installed, with each item's checksum as the installation now holds it. */
    async record(metaVersion: number) {
      const now = await input.exportItems(trx, snapshot);
      const items: InstalledItem[] = installed.flatMap((step) => {
        const held = now.get(step.section.kind)?.find((item) => item.key === step.item.key);
        if (!held) return [];
        return [
          {
            kind: step.section.kind,
            key: step.item.key,
            sourceChecksum: checksumOf(step.item.content),
            installedChecksum: checksumOf(held.content),
          },
        ];
      });
      await saveInstall(trx, input.schemas, {
        bundle: input.bundle.name,
        version: input.bundle.version,
        appliedAt: input.now,
        appliedBy: input.actorId,
        metaVersion,
        items,
      });
    },
  };
}
