import { expect } from "vitest";
import { label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import type { TestApp } from "../../test/test-app.ts";

/** A user signed in: a rep of the member role unless `roles` says otherwise. */
export async function createRep(
  app: TestApp,
  name: string,
  roles?: string[],
): Promise<{ id: string; client: HttpClient }> {
  const response = await app.admin.post("/api/users", {
    email: `${name}@keduo.test`,
    name,
    password: "password-123",
    ...(roles ? { roles } : {}),
  });
  expect(response.status, response.text).toBe(201);
  return { id: response.body.user.id, client: await app.login(`${name}@keduo.test`, "password-123") };
}

/** Members may read, create and edit every object; which records stays up to each object's sharing. */
export async function openObjectsToMembers(app: TestApp): Promise<void> {
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: true } },
  });
  expect(member.status, member.text).toBe(200);
}

export async function makePrivate(app: TestApp, object: string): Promise<void> {
  const response = await app.admin.patch(`/api/meta/objects/${object}`, { sharing_default: "private" });
  expect(response.status, response.text).toBe(200);
}

/** A many-to-one relation field `api_name` of `object` to `target`, listed on the target as `inverse`. */
export function manyToOne(api_name: string, target: string, inverse: string) {
  return {
    api_name,
    type: "relation",
    config: {
      relation: {
        target,
        cardinality: "many_to_one",
        inverse_name: inverse,
        inverse_labels: label(inverse, inverse),
      },
    },
  };
}
