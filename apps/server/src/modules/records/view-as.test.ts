import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { type PrivateReps, setUpPrivateReps } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

// Issue 15: "view as this user" shows what the access layer gives that user — the same as their own requests.
let app: TestApp;
let reps: PrivateReps;
beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  for (const [client, name] of [
    [reps.victim.client, "甲的客户"],
    [reps.victim.client, "甲的第二个客户"],
    [reps.prober.client, "乙的客户"],
  ] as Array<[HttpClient, string]>)
    expect((await client.post("/api/records/customer", { name })).status).toBe(201);
});
afterAll(() => app?.close());

describe(`view as (${testEngine})`, () => {
  it("shows a rep's rights, field access and readable count as the rep's own requests get them", async () => {
    const response = await app.admin.get(`/api/records/customer/view-as?user=${reps.victim.id}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      rights: { read: true, create: true, edit: true, delete: true, claim: false, transfer: false },
      readable: 2,
      total: 3,
    });
    expect(response.body.fields).toEqual(
      expect.arrayContaining([
        { api_name: "name", access: "editable" },
        { api_name: "secret", access: "hidden" },
      ]),
    );
    const own = await reps.victim.client.get("/api/records/customer?count=true&limit=1");
    expect(own.body.total).toBe(response.body.readable);
  });

  it("is for user managers only", async () => {
    const refused = await reps.prober.client.get(`/api/records/customer/view-as?user=${reps.victim.id}`);
    expect(refused.status).toBe(403);
  });
});
