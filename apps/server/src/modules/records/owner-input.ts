import { type FieldIssue, isUuid } from "@keduo/core";

/**
 * Takes `owner_id` out of a create body (ADR 0024): a user id gives the record that owner, null leaves it
 * unowned, absent means the writer. Whether the writer may name another owner is the authorize stage's
 * question; here only the shape is checked, with the other fields' problems.
 */
export function takeOwner(
  body: unknown,
  path: string,
  issues: FieldIssue[],
): { values: unknown; ownerId?: string | null } {
  if (!body || typeof body !== "object" || Array.isArray(body) || !Object.hasOwn(body, "owner_id"))
    return { values: body };
  const { owner_id: owner, ...values } = body as Record<string, unknown>;
  if (owner === null) return { values, ownerId: null };
  if (typeof owner === "string" && isUuid(owner)) return { values, ownerId: owner.toLowerCase() };
  issues.push({ field: `${path}owner_id`, code: "invalid_format", params: { format: "UUID" } });
  return { values };
}
