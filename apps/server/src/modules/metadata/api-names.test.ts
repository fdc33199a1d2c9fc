import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { apiNameFromLabels } from "./api-names.ts";

describe("API names made from labels", () => {
  it.each([
    [{ "zh-CN": "年营收" }, "nian_ying_shou"],
    [{ "zh-CN": "客户 A类" }, "ke_hu_a_lei"],
    [{ en: "Annual revenue" }, "annual_revenue"],
    [{ "zh-CN": "2026 目标" }, "f_2026_mu_biao"],
    [{ "zh-CN": "绿色" }, "lv_se"],
    [{ en: "Café owner" }, "cafe_owner"],
    [{ en: "Customer's name" }, "customers_name"],
    [{ en: "Straße" }, "strasse"],
    [
      { en: "Average contract amount of key accounts in the east" },
      "average_contract_amount_of_key", // 37 at most: room for a `_2`
    ],
    [{ "zh-CN": "！！" }, "field"],
  ])("%j → %s", (labels, expected) => {
    expect(apiNameFromLabels(labels, "field", new Set())).toBe(expected);
  });

  it("numbers a name that is taken or reserved, and keeps long ones within 40 characters", () => {
    expect(apiNameFromLabels({ "zh-CN": "年营收" }, "field", new Set(["nian_ying_shou"]))).toBe(
      "nian_ying_shou_2",
    );
    expect(apiNameFromLabels({ en: "Owner" }, "field", new Set())).not.toBe("owner_id");
    expect(apiNameFromLabels({ en: "id" }, "field", new Set())).toBe("id_2");
    const long = apiNameFromLabels(
      { "zh-CN": "上一财年第四季度华东区域重点客户的平均合同金额" },
      "field",
      new Set(),
    );
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^shang_yi_cai_nian/);
  });
});

describe(`creating with a label only (${testEngine})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it("makes the object's and the fields' API names, and the other language falls back to the one given", async () => {
    const object = await app.admin.post("/api/meta/objects", { labels: { "zh-CN": "客户" } });
    expect(object.status, object.text).toBe(201);
    expect(object.body).toMatchObject({ api_name: "ke_hu", labels: { "zh-CN": "客户", en: "客户" } });
    const field = async (body: Record<string, unknown>) => {
      const response = await app.admin.post("/api/meta/objects/ke_hu/fields", body);
      expect(response.status, response.text).toBe(201);
      return response.body as { api_name: string; config: { relation?: { inverse_name: string } } };
    };
    expect((await field({ labels: { "zh-CN": "年营收" }, type: "currency" })).api_name).toBe(
      "nian_ying_shou",
    );
    expect((await field({ labels: { "zh-CN": "年营收" }, type: "number" })).api_name).toBe(
      "nian_ying_shou_2",
    );
    expect((await field({ labels: { en: "Website" }, type: "url" })).api_name).toBe("website");
    // A relation names its inverse from the source object's label when no inverse label is given.
    const deal = await app.admin.post("/api/meta/objects", { labels: { "zh-CN": "商机" } });
    expect(deal.body.api_name).toBe("shang_ji");
    const relation = await app.admin.post("/api/meta/objects/shang_ji/fields", {
      labels: { "zh-CN": "客户" },
      type: "relation",
      config: { relation: { target: "ke_hu", cardinality: "many_to_one" } },
    });
    expect(relation.status, relation.text).toBe(201);
    expect(relation.body).toMatchObject({
      api_name: "ke_hu",
      config: { relation: { inverse_name: "shang_ji" } },
    });
    // A record can be written with the generated names.
    const record = await app.admin.post("/api/records/ke_hu", {
      nian_ying_shou: { amount: "1", currency: "CNY" },
    });
    expect(record.status, record.text).toBe(201);
  });

  it("makes select option values from their labels, in one language", async () => {
    const response = await app.admin.post("/api/meta/objects/ke_hu/fields", {
      labels: { "zh-CN": "客户等级" },
      type: "single_select",
      config: {
        options: [
          { labels: { "zh-CN": "重点" } },
          { labels: { "zh-CN": "普通" } },
          { value: "vip", labels: { en: "VIP" } },
        ],
      },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.config.options).toEqual([
      { value: "zhong_dian", labels: { "zh-CN": "重点", en: "重点" } },
      { value: "pu_tong", labels: { "zh-CN": "普通", en: "普通" } },
      { value: "vip", labels: { "zh-CN": "VIP", en: "VIP" } },
    ]);
    // An option added later by label alone gets a value too.
    const added = await app.admin.patch("/api/meta/objects/ke_hu/fields/ke_hu_deng_ji", {
      config: { options: [...response.body.config.options, { labels: { "zh-CN": "重点" } }] },
    });
    expect(added.status, added.text).toBe(200);
    expect(
      added.body.field?.config?.options?.at(-1)?.value ?? added.body.config?.options?.at(-1)?.value,
    ).toBe("zhong_dian_2");
  });

  it("still refuses a label with neither language", async () => {
    const response = await app.admin.post("/api/meta/objects", { labels: { "zh-CN": " ", en: "" } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain("labels.zh-CN");
  });
});
