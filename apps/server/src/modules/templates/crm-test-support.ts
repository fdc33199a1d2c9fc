import { expect } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { readTemplate } from "./template-files.ts";

/** The CRM template applied as an admin applies any bundle, over HTTP; the plan it answered. */
export async function applyCrm(admin: HttpClient, options: { dryRun?: boolean } = {}) {
  const files = await readTemplate("crm");
  const response = await admin.post(`/api/admin/bundle/apply${options.dryRun ? "?dry_run=true" : ""}`, {
    files,
  });
  expect(response.status, response.text.slice(0, 2000)).toBe(200);
  return response.body as {
    applied: boolean;
    meta_version: number | null;
    summary: Record<string, number>;
    items: Array<{ kind: string; key: string; action: string; problems: unknown[] }>;
  };
}

/** Creates a record and returns it; a refusal fails the test with the server's answer. */
export async function create(client: HttpClient, object: string, values: Record<string, unknown>) {
  const response = await client.post(`/api/records/${object}`, values);
  expect(response.status, `${object}: ${response.text}`).toBe(201);
  return response.body as Record<string, unknown> & { id: string };
}
