import { type Clock, type FieldIssue, KeduoError } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import { findObjectOrThrow, type MetadataService, throwIfIssues } from "../metadata/index.ts";
import type { FormLayout } from "./layout.ts";
import { loadLayout, saveLayout } from "./layout-rows.ts";
import { objectReadableBy } from "./layout-visibility.ts";
import { type LayoutInput, resolveLayoutInput } from "./resolve-layout-input.ts";
import { layoutForReader } from "./serve-layout.ts";

/**
 * Form layouts: the sections, columns and sub-forms of an object's record page and form. A layout is a
 * definition versioned with the metadata (saved in a metadata transaction, so it is checked against fields
 * no one is changing at that moment) and it carries its own version for If-Match.
 */
export class LayoutsService {
  private readonly deps: { database: Database; clock: Clock; metadata: MetadataService };

  constructor(deps: LayoutsService["deps"]) {
    this.deps = deps;
  }

  /** The layout as `access` may see it; readers of the object only. */
  async get(objectName: string, access: AccessContext): Promise<FormLayout> {
    const { snapshot } = access;
    const object = findObjectOrThrow(snapshot, objectName);
    if (!objectReadableBy(access, objectName)) throw new KeduoError("FORBIDDEN");
    const { db, schemas } = this.deps.database;
    return layoutForReader(await loadLayout(db, schemas, objectName), object, snapshot, access);
  }

  /**
   * Replaces the layout. `expectedVersion` (If-Match or the body's version) must be the stored version, 0
   * while none is saved; when absent the last save wins. Returns the layout as `access` sees it.
   */
  async put(
    objectName: string,
    input: LayoutInput,
    expectedVersion: number | undefined,
    access: AccessContext,
  ): Promise<FormLayout> {
    const { database, clock, metadata } = this.deps;
    const saved = await metadata.changeVersioned(
      `save form layout ${objectName}`,
      access.userId,
      async ({ trx, snapshot }) => {
        const object = findObjectOrThrow(snapshot, objectName);
        const current = await loadLayout(trx, database.schemas, objectName);
        const actual = current?.version ?? 0;
        if (expectedVersion !== undefined && expectedVersion !== actual) {
          throw new KeduoError("LAYOUT_VERSION_CONFLICT", {
            params: { expected: expectedVersion, actual },
            extra: { current_version: actual },
          });
        }
        const issues: FieldIssue[] = [];
        const sections = resolveLayoutInput(input, object, snapshot, issues);
        throwIfIssues(issues);
        const layout = { object: objectName, version: actual + 1, sections };
        await saveLayout(trx, database.schemas, layout, { now: clock.now(), actorId: access.userId });
        return { layout, snapshot };
      },
    );
    const object = findObjectOrThrow(saved.snapshot, objectName);
    return layoutForReader(saved.layout, object, saved.snapshot, access);
  }
}
