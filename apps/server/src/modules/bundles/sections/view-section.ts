import { type Clock, createFormulaContext, uuidv7 } from "@keduo/core";
import type { Schemas } from "../../../db/database.ts";
import { restrictModel, systemAccessContext } from "../../access/index.ts";
import { modelOrThrow, throwIfIssues } from "../../metadata/index.ts";
import {
  assertDefinition,
  insertView,
  loadSharedViews,
  nameTaken,
  type StoredView,
  updateView,
} from "../../views/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

type Definition = StoredView["definition"];

/**
 * Shared list views, by name within their object. Personal views are a user's settings, not the app's
 * configuration, and stay out of bundles. A view is checked like a shared view saved by an admin.
 */
export function viewSection(deps: { schemas: Schemas; clock: Clock; timeZone: string }): BundleSection {
  return {
    kind: "views",
    placement: { file: "object", slot: "views", shape: "map" },
    async exportItems({ trx, snapshot }) {
      const names = [...snapshot.objects.keys()].sort();
      const views = (await Promise.all(names.map((name) => loadSharedViews(trx, name)))).flat();
      return views.map((view) => ({
        key: `${view.object}.${view.name}`,
        content: {
          columns: view.definition.columns,
          filter: view.definition.filter ?? null,
          sort: view.definition.sort,
          search: view.definition.search ?? null,
        } as unknown as JsonObject,
      }));
    },
    async apply({ change, now, actorId }, item, existing) {
      const dot = item.key.indexOf(".");
      const [object, name] = [item.key.slice(0, dot), item.key.slice(dot + 1)];
      const context = createFormulaContext(deps.clock, deps.timeZone);
      const snapshot = change.snapshot;
      const scope = {
        model: restrictModel(modelOrThrow(snapshot, object), systemAccessContext(snapshot)),
        schemas: deps.schemas,
        today: context.today,
        timeZone: context.timeZone,
      };
      const content = item.content as unknown as Partial<Definition>;
      const definition: Definition = {
        columns: content.columns ?? [],
        filter: content.filter ?? null,
        sort: content.sort ?? [],
        search: content.search?.trim() || null,
      };
      assertDefinition(scope, definition);
      if (!name.trim() || name.length > 100)
        throwIfIssues([{ field: "name", code: "too_long", params: { max: 100 } }]);
      const stored = existing
        ? (await loadSharedViews(change.trx, object)).find((view) => view.name === name)
        : undefined;
      if (stored) {
        await updateView(change.trx, { ...stored, definition, version: stored.version + 1, updatedAt: now });
        return;
      }
      const view: StoredView = {
        id: uuidv7(),
        object,
        name,
        ownerId: null,
        definition,
        version: 1,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
      };
      if (await nameTaken(change.trx, view))
        throwIfIssues([{ field: "name", code: "duplicate_name", params: { value: name } }]);
      await insertView(change.trx, view);
    },
  };
}
