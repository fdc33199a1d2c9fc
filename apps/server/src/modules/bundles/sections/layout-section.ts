import { type FieldIssue, KeduoError } from "@keduo/core";
import type { Schemas } from "../../../db/database.ts";
import { loadLayout, resolveLayoutInput, saveLayout } from "../../layouts/index.ts";
import { findObjectOrThrow } from "../../metadata/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

/** Form layouts: an object's saved layout (an object without one is served its default and exports none). */
export function layoutSection(schemas: Schemas): BundleSection {
  return {
    kind: "layouts",
    placement: { file: "object", slot: "layout", shape: "single" },
    async exportItems({ trx, snapshot }) {
      const names = [...snapshot.objects.keys()].sort();
      const layouts = await Promise.all(names.map((name) => loadLayout(trx, schemas, name)));
      return layouts.flatMap((layout) =>
        layout
          ? [{ key: layout.object, content: { sections: layout.sections } as unknown as JsonObject }]
          : [],
      );
    },
    async apply({ change, now, actorId }, item) {
      const object = findObjectOrThrow(change.snapshot, item.key);
      const issues: FieldIssue[] = [];
      const sections = resolveLayoutInput(
        { sections: item.content.sections },
        object,
        change.snapshot,
        issues,
      );
      if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
      const version = ((await loadLayout(change.trx, schemas, item.key))?.version ?? 0) + 1;
      await saveLayout(change.trx, schemas, { object: item.key, version, sections }, { now, actorId });
    },
  };
}
