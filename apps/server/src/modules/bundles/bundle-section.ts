import type { MetadataSnapshot } from "@keduo/core";
import type { Trx } from "../../db/database.ts";
import type { MetadataChange } from "../metadata/index.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One thing a bundle installs, named by its API-name key (`account`, `account.industry`, `sales`); no ids. */
export interface BundleItem {
  key: string;
  content: JsonObject;
}

/**
 * Where a section's items live in the bundle's files. In an object's file (`objects/<object>.json`) a slot is
 * one item (`single`, key `<object>`), an ordered list of items each naming itself by `api_name` (`list`,
 * key `<object>.<api_name>`) or items by name (`map`, key `<object>.<name>`). A file of its own
 * (`roles.json`) holds items by name under the slot (key `<name>`).
 */
export type Placement =
  | { file: "object"; slot: string; shape: "single" | "list" | "map" }
  | { file: `${string}.json`; slot: string; shape: "map" };

export interface ReadContext {
  trx: Trx;
  snapshot: MetadataSnapshot;
}

export interface ApplyContext {
  /**
   * The bundle's one metadata change. `change.snapshot` is the definitions as the steps so far left them, and
   * DDL run through `change.run` is listed in the plan under the item being applied.
   */
  readonly change: MetadataChange;
  /** A step that changed objects or fields hands on the definitions as they now are. */
  setSnapshot(snapshot: MetadataSnapshot): void;
  /** The bundle's own items of a kind (an object's field order is its fields' order in the bundle). */
  bundleItems(kind: string): BundleItem[];
  readonly actorId: string | null;
  readonly now: Date;
}

/**
 * One kind of configuration in a bundle. A section only reads the installation's items and writes one item;
 * what to create, update, keep or refuse is decided by the bundle code, the same way for every kind, from
 * checksums of the canonical items. Sections are applied in the order they are registered.
 */
export interface BundleSection {
  readonly kind: string;
  readonly placement: Placement;
  /** The installation's items in canonical form: stable, without ids, defaults spelled out. */
  exportItems(read: ReadContext): Promise<BundleItem[]>;
  /**
   * Creates (`existing` undefined) or updates one item, throwing a KeduoError to refuse it. Runs in a savepoint:
   * a refused item leaves nothing behind, and the other items are still tried so every problem is listed.
   */
  apply(context: ApplyContext, item: BundleItem, existing: BundleItem | undefined): Promise<void>;
  /** A second pass over the applied items once every section applied (settings that need later kinds). */
  finish?(context: ApplyContext, item: BundleItem, existing: BundleItem | undefined): Promise<void>;
  /** The order to apply this kind's items in, when it is not the bundle's (fields: computed ones last). */
  applyOrder?(items: BundleItem[]): BundleItem[];
}

/** The registered sections, in apply order; modules that add a kind of configuration register theirs at startup. */
export class BundleSections {
  private readonly sections: BundleSection[] = [];

  register(section: BundleSection): void {
    if (this.sections.some((s) => s.kind === section.kind))
      throw new Error(`bundle section ${section.kind} is registered twice`);
    this.sections.push(section);
  }

  list(): readonly BundleSection[] {
    return this.sections;
  }

  find(kind: string): BundleSection | undefined {
    return this.sections.find((s) => s.kind === kind);
  }
}
