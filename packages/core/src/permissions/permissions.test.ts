import { describe, expect, it } from "vitest";
import { combinePermissions, validateRolePermissions } from "./permissions.ts";

describe("the claim right", () => {
  it("is held alone, implies read, and comes with modify_all", () => {
    const claimer = combinePermissions([{ objects: { lead: { claim: true } } }]).object("lead");
    expect(claimer).toMatchObject({ claim: true, read: true, edit: false, modify_all: false });
    expect(combinePermissions([{ objects: { lead: { edit: true } } }]).object("lead").claim).toBe(false);
    expect(combinePermissions([{ system: { modify_all_data: true } }]).object("lead").claim).toBe(true);
  });

  it("is a valid flag of a role's permission document", () => {
    expect(validateRolePermissions({ objects: { lead: { claim: true } } })).toEqual([]);
    expect(validateRolePermissions({ objects: { lead: { claim: "yes" } } })).toEqual([
      { field: "permissions.objects.lead.claim", code: "invalid_type" },
    ]);
  });
});
