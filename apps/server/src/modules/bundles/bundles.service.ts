import { type Clock, type FieldIssue, KeduoError, type MetadataSnapshot } from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import type { MetadataChange, MetadataService } from "../metadata/index.ts";
import { applyItems } from "./apply-items.ts";
import {
  type BundleFiles,
  type BundleManifest,
  type LocatedItem,
  readBundle,
  writeBundle,
} from "./bundle-files.ts";
import { type PlanEntry, summarise } from "./bundle-plan.ts";
import type { BundleItem, BundleSections } from "./bundle-section.ts";

export interface BundlePlan {
  bundle: { name: string; version: string };
  dry_run: boolean;
  /** Whether the changes were committed: false for a dry run, a refusal, or when there was nothing to do. */
  applied: boolean;
  /** The metadata version after the apply; null when nothing was committed. */
  meta_version: number | null;
  summary: ReturnType<typeof summarise>;
  items: PlanEntry[];
  /** Every DDL statement, in order. */
  statements: string[];
}

/** Leaves the transaction without committing, carrying the plan out (dry run, refusal, nothing to do). */
class PlanOnly extends Error {
  readonly plan: BundlePlan;
  constructor(plan: BundlePlan) {
    super("plan only");
    this.plan = plan;
  }
}

export interface BundlesDeps {
  database: Database;
  clock: Clock;
  metadata: MetadataService;
  sections: BundleSections;
}

/**
 * An installation's configuration as a bundle of files, and applying one: in one metadata change (one
 * transaction, one version bump), planned item by item, never overwriting what an admin changed (ADR 0022).
 */
export class BundlesService {
  private readonly deps: BundlesDeps;

  constructor(deps: BundlesDeps) {
    this.deps = deps;
  }

  /** The kinds a bundle holds: a module that adds a kind of configuration registers its section here. */
  get sections(): BundleSections {
    return this.deps.sections;
  }

  async export(manifest: { name: string; version: string }): Promise<BundleFiles> {
    const { database, metadata, sections } = this.deps;
    const snapshot = await metadata.current();
    const items = await database.db.transaction().execute((trx) => this.exportItems(trx, snapshot));
    return writeBundle(manifest, sections.list(), items);
  }

  private async exportItems(trx: Trx, snapshot: MetadataSnapshot) {
    const items = new Map<string, BundleItem[]>();
    for (const section of this.deps.sections.list())
      items.set(section.kind, await section.exportItems({ trx, snapshot }));
    return items;
  }

  /** Plans and applies a bundle; refuses it (BUNDLE_REFUSED, nothing changed) with every problem listed. */
  async apply(files: unknown, options: { dryRun: boolean; actorId: string | null }): Promise<BundlePlan> {
    const read = readBundle(files, this.deps.sections);
    if (read.fatal || !read.manifest) throw refusal(read.problems, null);
    const manifest = read.manifest;
    try {
      return await this.deps.metadata.changeVersioned(
        `apply bundle ${manifest.name} ${manifest.version}`,
        options.actorId,
        (change) => this.applyInChange(change, manifest, read.items, read.problems, options),
      );
    } catch (error) {
      if (!(error instanceof PlanOnly)) throw error;
      const problems = error.plan.items.flatMap((entry) => entry.problems);
      if (problems.length) throw refusal(problems, error.plan);
      return error.plan;
    }
  }

  private async applyInChange(
    change: MetadataChange,
    manifest: BundleManifest,
    items: LocatedItem[],
    readProblems: FieldIssue[],
    options: { dryRun: boolean; actorId: string | null },
  ): Promise<BundlePlan> {
    const { database, clock, sections } = this.deps;
    const current = await this.exportItems(change.trx, change.snapshot);
    const outcome = await applyItems({
      change,
      schemas: database.schemas,
      sections: sections.list(),
      bundle: manifest,
      items,
      current,
      actorId: options.actorId,
      now: clock.now(),
      exportItems: (trx, snapshot) => this.exportItems(trx, snapshot),
    });
    // Problems of the files themselves (an unknown kind) refuse the bundle along with those of its items.
    if (readProblems.length) outcome.entries.unshift(...readProblems.map((problem) => refusedFile(problem)));
    const plan: BundlePlan = {
      bundle: { name: manifest.name, version: manifest.version },
      dry_run: options.dryRun,
      applied: false,
      meta_version: null,
      summary: summarise(outcome.entries),
      items: outcome.entries,
      statements: outcome.entries.flatMap((entry) => entry.statements),
    };
    const refused = outcome.entries.some((entry) => entry.problems.length > 0);
    if (refused || options.dryRun || !outcome.changed) throw new PlanOnly(plan);
    await outcome.record(change.snapshot.version + 1);
    return { ...plan, applied: true, meta_version: change.snapshot.version + 1 };
  }
}

function refusedFile(problem: FieldIssue): PlanEntry {
  return {
    kind: "file",
    key: problem.field,
    path: problem.field,
    action: "refused",
    statements: [],
    problems: [problem],
  };
}

function refusal(problems: FieldIssue[], plan: BundlePlan | null): KeduoError {
  return new KeduoError("BUNDLE_REFUSED", {
    params: { count: problems.length },
    issues: problems,
    ...(plan ? { extra: { plan } } : {}),
  });
}
