import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectSameAnswer,
  HIDDEN_CANARY,
  type PrivateReps,
  setUpPrivateReps,
} from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { upload } from "./import.test-support.ts";

// Issue 18: an import could name a field hidden from the importer as the lookup key of a relation column.
let app: TestApp;
let reps: PrivateReps;
let importId: string;

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  const victims = await reps.victim.client.post("/api/records/customer", { name: "华东客户" });
  expect(victims.status).toBe(201);
  expect(
    (await app.admin.patch(`/api/records/customer/${victims.body.id}`, { secret: HIDDEN_CANARY })).status,
  ).toBe(200);
  const csv = Buffer.from(`title,customer\n试探,${HIDDEN_CANARY}\n`);
  const uploaded = await upload(reps.prober.client, "deal", "deals.csv", csv);
  expect(uploaded.status, uploaded.text).toBe(201);
  importId = uploaded.body.id;
});
afterAll(() => app?.close());

const settings = (lookup: string) => ({
  sheet: "CSV",
  header_row: 1,
  mapping: [
    { column: "A", field: "title" },
    { column: "B", field: "customer", lookup },
  ],
});

describe("an import's relation lookup key", () => {
  it("refuses a field hidden from the importer at mapping time, exactly like a field that does not exist", async () => {
    const { client } = reps.prober;
    for (const phase of ["dry-run", "run"]) {
      const refused = await client.post(`/api/imports/${importId}/${phase}`, settings("secret"));
      const missing = await client.post(`/api/imports/${importId}/${phase}`, settings("no_such_field"));
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.code).toBe("IMPORT_INVALID_MAPPING");
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ field: "mapping.1.lookup", code: "unknown_field" }),
      ]);
      expectSameAnswer(refused, missing, { refused: "secret", missing: "no_such_field" });
    }
    expect((await client.get(`/api/imports/${importId}`)).body.status).toBe("uploaded");
  });

  it("accepts a visible lookup key", async () => {
    const accepted = await reps.prober.client.post(`/api/imports/${importId}/dry-run`, settings("name"));
    expect(accepted.status, accepted.text).toBe(202);
  });
});
