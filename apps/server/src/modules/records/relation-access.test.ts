import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectRefusedLikeMissing,
  type PrivateReps,
  setUpPrivateReps,
  shareWithProber,
} from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

// Issue 18: a relation write answered 201/200 for a colleague's record id and 400 for a random one.
let app: TestApp;
let reps: PrivateReps;
let victimCustomer: string;
let proberCustomer: string;
let proberDeal: string;
const MISSING = "0190a000-0000-7000-8000-0000000000aa";

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  const create = async (who: keyof PrivateReps, object: string, values: Record<string, unknown>) => {
    const response = await reps[who].client.post(`/api/records/${object}`, values);
    expect(response.status, response.text).toBe(201);
    return response.body.id as string;
  };
  victimCustomer = await create("victim", "customer", { name: "victim's customer" });
  proberCustomer = await create("prober", "customer", { name: "prober's customer" });
  proberDeal = await create("prober", "deal", { title: "prober's deal" });
});
afterAll(() => app?.close());

/** Every way the prober can write a relation to `id`: single and many, create, PATCH, bulk and nested. */
async function pointAt(id: string) {
  const { client } = reps.prober;
  return {
    create: await client.post("/api/records/deal", { title: "t", customer: id }),
    createMany: await client.post("/api/records/deal", { title: "t", partners: [proberCustomer, id] }),
    patch: await client.patch(`/api/records/deal/${proberDeal}`, { customer: id }),
    patchMany: await client.patch(`/api/records/deal/${proberDeal}`, { partners: [{ id }] }),
    bulkCreate: await client.post("/api/records/deal/bulk", {
      records: [
        { title: "ok", customer: proberCustomer },
        { title: "t", customer: id },
      ],
    }),
    bulkPatch: await client.patch("/api/records/deal/bulk", { records: [{ id: proberDeal, customer: id }] }),
    nestedChild: await client.post("/api/records/customer/nested", {
      record: { name: "parent" },
      children: { deals: { rows: [{ title: "child", partners: [id] }] } },
    }),
  };
}

describe("relation writes cannot tell a colleague's record from a missing one", () => {
  it("refuses an unreadable target exactly like one that does not exist, on every write path", async () => {
    expectRefusedLikeMissing(await pointAt(victimCustomer), await pointAt(MISSING), {
      refused: victimCustomer,
      missing: MISSING,
    });
    const deal = await reps.prober.client.get(`/api/records/deal/${proberDeal}`);
    expect(deal.body).toMatchObject({ customer: null, partners: [] });
  });

  it("accepts targets the writer may read, and a target the record already holds when sent back unchanged", async () => {
    const share = await shareWithProber(reps, "customer", victimCustomer, "read");
    const linked = await reps.prober.client.patch(`/api/records/deal/${proberDeal}`, {
      customer: victimCustomer,
      partners: [victimCustomer, proberCustomer],
    });
    expect(linked.status, linked.text).toBe(200);
    const revoked = await reps.victim.client.delete(
      `/api/records/customer/${victimCustomer}/shares/${share}`,
    );
    expect(revoked.status).toBe(204);
    // The deal still points at the customer; saving the form again with the same values must still work.
    const resaved = await reps.prober.client.patch(`/api/records/deal/${proberDeal}`, {
      title: "renamed",
      customer: victimCustomer,
      partners: [victimCustomer, proberCustomer],
    });
    expect(resaved.status, resaved.text).toBe(200);
    // A new link to it is refused again, like a missing record.
    const other = await reps.prober.client.post("/api/records/deal", {
      title: "t",
      customer: victimCustomer,
    });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([
      expect.objectContaining({ field: "customer", code: "invalid_reference" }),
    ]);
  });

  it("leaves admins and their foreign-key answers as they were", async () => {
    expect((await app.admin.post("/api/records/deal", { title: "a", customer: victimCustomer })).status).toBe(
      201,
    );
    const missing = await app.admin.post("/api/records/deal", { title: "a", customer: MISSING });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: "customer", code: "invalid_reference" });
  });
});
