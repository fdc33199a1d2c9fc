import { expect } from "vitest";
import { addField, createObject, label } from "./fixtures.ts";
import type { HttpClient, HttpResponse } from "./http-client.ts";
import type { TestApp } from "./test-app.ts";

/** Two reps on the member role: `victim` owns the records, `prober` tries to reach them. */
export interface PrivateReps {
  victim: { id: string; client: HttpClient };
  prober: { id: string; client: HttpClient };
}

/** A text that must never reach the prober: put into the hidden field of the victim's records. */
export const HIDDEN_CANARY = "CANARY-hidden-5c1e";

/**
 * The setup of issue 18: `customer` (private sharing, a `secret` text field hidden from members, an
 * attachment field `files`) and `deal` (private, a many-to-one `customer` and a many-to-many `partners` to
 * customers), and two reps on the member role who can create, read and edit their own records only.
 */
export async function setUpPrivateReps(app: TestApp): Promise<PrivateReps> {
  await createObject(app.admin, "customer", "客户", "Customer");
  await addField(app.admin, "customer", { api_name: "name", type: "text", required: true });
  await addField(app.admin, "customer", { api_name: "secret", type: "text" });
  await addField(app.admin, "customer", { api_name: "files", type: "attachment" });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text", required: true });
  const relation = (cardinality: string, inverse: string) => ({
    relation: {
      target: "customer",
      cardinality,
      inverse_name: inverse,
      inverse_labels: label(inverse, inverse),
    },
  });
  await addField(app.admin, "deal", {
    api_name: "customer",
    type: "relation",
    config: relation("many_to_one", "deals"),
  });
  await addField(app.admin, "deal", {
    api_name: "partners",
    type: "relation",
    config: relation("many_to_many", "partner_deals"),
  });
  for (const object of ["customer", "deal"]) {
    const response = await app.admin.patch(`/api/meta/objects/${object}`, { sharing_default: "private" });
    expect(response.status, response.text).toBe(200);
  }
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { customer: { secret: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  const reps = { victim: await signedInUser(app, "victim"), prober: await signedInUser(app, "prober") };
  reps.prober.client.mustNotSee = [HIDDEN_CANARY];
  return reps;
}

/** A new user `<name>@keduo.test`, on the default role unless `roles` says otherwise, signed in. */
export async function signedInUser(
  app: TestApp,
  name: string,
  options: { roles?: string[] } = {},
): Promise<{ id: string; client: HttpClient }> {
  const email = `${name}@keduo.test`;
  const created = await app.admin.post("/api/users", { email, name, password: "password-123", ...options });
  expect(created.status, created.text).toBe(201);
  return { id: created.body.user.id as string, client: await app.login(email, "password-123") };
}

/** Uploads bytes as `client` and returns the new file's id. */
export async function uploadFile(client: HttpClient, bytes: Uint8Array, name: string): Promise<string> {
  const response = await client.request("POST", "/api/files", bytes, {
    "content-type": "application/octet-stream",
    "x-file-name": encodeURIComponent(name),
  });
  expect(response.status, response.text).toBe(201);
  return response.body.id;
}

/**
 * Two answers are the same once the ids they are about are swapped: what "no existence oracle" means for a
 * request naming an id the caller may not see and the same request naming an id that does not exist.
 */
export function expectSameAnswer(
  refused: HttpResponse,
  missing: HttpResponse,
  ids: { refused: string; missing: string },
): void {
  // `instance` is the request's own path, which may name other records of the test.
  const comparable = (response: HttpResponse, from: string, to: string) =>
    JSON.stringify({ ...JSON.parse(response.text.replaceAll(from, to)), instance: undefined });
  expect(refused.status).toBe(missing.status);
  expect(comparable(refused, ids.refused, ids.missing)).toBe(comparable(missing, ids.missing, ids.missing));
}

/** The victim shares one of their records with the prober; returns the share's id (to revoke it). */
export async function shareWithProber(
  reps: PrivateReps,
  object: string,
  id: string,
  access: "read" | "edit",
): Promise<string> {
  const share = await reps.victim.client.post(`/api/records/${object}/${id}/shares`, {
    grantee_kind: "user",
    grantee_id: reps.prober.id,
    access,
  });
  expect(share.status, share.text).toBe(201);
  return share.body.id;
}

/**
 * The same requests made once with an id the caller may not see and once with a missing one: every pair
 * must be a 400 `invalid_reference` and answer the same.
 */
export function expectRefusedLikeMissing(
  refused: Record<string, HttpResponse>,
  missing: Record<string, HttpResponse>,
  ids: { refused: string; missing: string },
): void {
  for (const [way, response] of Object.entries(refused)) {
    expect(response.status, `${way}: ${response.text}`).toBe(400);
    expect(response.body.errors[0].code, way).toBe("invalid_reference");
    expectSameAnswer(response, missing[way]!, ids);
  }
}
