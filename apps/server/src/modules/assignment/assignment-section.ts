import type { AssignmentRuleDefinition } from "@keduo/core";
import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { AssignmentService } from "./assignment.service.ts";

/**
 * Assignment rules in a bundle (`objects/<object>.json`, slot `assignment_rules`), as a list in the order they
 * are tried. Pools by role travel between installations; pools of named users or a department name ids, which
 * an installation without them refuses like any unknown reference.
 */
export function assignmentSection(deps: { assignment: AssignmentService }): BundleSection {
  return {
    kind: "assignment_rules",
    placement: { file: "object", slot: "assignment_rules", shape: "list" },
    async exportItems({ trx }) {
      const rules = await deps.assignment.allRules(trx);
      return rules.map(({ id: _id, object, position: _position, ...definition }) => ({
        key: `${object}.${definition.api_name}`,
        content: definition as unknown as JsonObject,
      }));
    },
    async apply(context, item) {
      const object = item.key.slice(0, item.key.indexOf("."));
      const position = context
        .bundleItems("assignment_rules")
        .filter((other) => other.key.startsWith(`${object}.`))
        .findIndex((other) => other.key === item.key);
      await deps.assignment.inChange(
        context.change,
        object,
        item.content as unknown as AssignmentRuleDefinition,
        position,
      );
    },
  };
}
