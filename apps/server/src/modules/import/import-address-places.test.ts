import { describe, expect, it } from "vitest";
import { upload } from "./import.test-support.ts";
import { customerApp, customers, type Mapped, startAndSettle } from "./sales-workbook.test-support.ts";

const env = customerApp();
const CUSTOMERS = "/api/records/customer";

const changan = { province: "440000", city: "441900", district: "441900119", detail: "振安中路1号" };
const tokyo = { country: "JP", detail: "東京都千代田区丸の内1-1\n丸の内ビル 20F" };

describe("addresses down to towns, in Hong Kong and abroad", () => {
  it("saves a town-level address and an address abroad through the API, as typed, and filters by country", async () => {
    const { admin } = env.app;
    for (const [name, region] of [
      ["镇甲", changan],
      ["港甲", { province: "810000", detail: "九龙城区 太子道西1号" }],
      ["外甲", tokyo],
    ] as const) {
      const created = await admin.post(CUSTOMERS, { name, region });
      expect(created.status, created.text).toBe(201);
    }
    expect(await customers(admin, ["镇甲", "港甲", "外甲"], ["region"])).toEqual([
      { name: "外甲", region: tokyo },
      {
        name: "港甲",
        region: { province: "810000", city: null, district: null, detail: "九龙城区 太子道西1号" },
      },
      { name: "镇甲", region: changan },
    ]);
    const inJapan = await admin.get(`${CUSTOMERS}?filter=${encodeURIComponent('{"region":{"eq":"JP"}}')}`);
    expect(inJapan.status, inJapan.text).toBe(200);
    expect(inJapan.body.records.map((r: { name: string }) => r.name)).toEqual(["外甲"]);
    const inTown = await admin.get(
      `${CUSTOMERS}?filter=${encodeURIComponent('{"region":{"in":["441900119"]}}')}`,
    );
    expect(inTown.body.records.map((r: { name: string }) => r.name)).toEqual(["镇甲"]);
  });

  it("refuses a wrong address in words a user understands, in both languages", async () => {
    const { admin } = env.app;
    const wrong = { province: "440000", city: "440300", district: "441900119" };
    const refused = await admin.post(CUSTOMERS, { name: "错甲", region: wrong });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        field: "region",
        code: "invalid_division",
        message:
          "This province, city and district (or town) do not exist or do not belong together; choose them again",
      }),
    ]);
    admin.locale = "zh-CN";
    try {
      const abroad = await admin.post(CUSTOMERS, { name: "错乙", region: { country: "JP" } });
      expect(abroad.status, abroad.text).toBe(400);
      expect(abroad.body.errors[0]).toMatchObject({
        code: "address_lines_required",
        message: "境外地址请填写地址行",
      });
    } finally {
      admin.locale = "en";
    }
  });

  it("imports town-level, Hong Kong and overseas addresses from a CSV and suggests what a wrong one meant", async () => {
    const { admin } = env.app;
    const csv = [
      "客户名称,所在地区",
      "导甲,广东省东莞市长安镇 振安中路1号",
      "导乙,香港特别行政区九龙城区 太子道西1号",
      '导丙,"日本 東京都千代田区丸の内1-1"',
      "导丁,广东省东莞市长安区振安中路1号",
    ].join("\n");
    const uploaded = await upload(admin, "customer", "客户.csv", Buffer.from(csv));
    expect(uploaded.status, uploaded.text).toBe(201);
    const inspect = (await admin.get(`/api/imports/${uploaded.body.id}/inspect`)).body;
    const mapping = inspect.suggestions.map((s: Mapped) => ({ column: s.column, field: s.field }));
    const done = await startAndSettle(admin, uploaded.body.id, "run", inspect, { mapping });
    expect(done.counts).toEqual({ created: 3, updated: 0, skipped: 0, failed: 1 });
    expect(await customers(admin, ["导甲", "导乙", "导丙", "导丁"], ["region"])).toEqual([
      { name: "导丙", region: { country: "JP", detail: "東京都千代田区丸の内1-1" } },
      {
        name: "导乙",
        region: { province: "810000", city: null, district: null, detail: "九龙城区 太子道西1号" },
      },
      // the same code the picker stores for 广东省 / 东莞市 / 长安镇
      { name: "导甲", region: changan },
    ]);
    admin.locale = "zh-CN";
    try {
      const report = await admin.get(`/api/imports/${uploaded.body.id}/errors?phase=run`);
      expect(report.body.errors.map((e: Record<string, unknown>) => [e.row, e.code, e.message])).toEqual([
        [5, "address_did_you_mean", "找不到“东莞市长安区”，是否是“东莞市长安镇”？"],
      ]);
    } finally {
      admin.locale = "en";
    }
  });
});
