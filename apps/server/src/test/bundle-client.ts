import { expect } from "vitest";
import type { HttpClient } from "./http-client.ts";

export type Files = Record<string, string>;

/** Bundles through the real API, for any module's tests. */
export async function exportBundle(admin: HttpClient, version = "1"): Promise<Files> {
  const response = await admin.get(`/api/admin/bundle?name=crm&version=${version}`);
  expect(response.status, response.text).toBe(200);
  return response.body.files;
}

export async function applyBundle(admin: HttpClient, files: Files, options: { dryRun?: boolean } = {}) {
  return admin.post(`/api/admin/bundle/apply${options.dryRun ? "?dry_run=true" : ""}`, { files });
}
