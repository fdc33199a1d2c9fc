import { describe, expect, it } from "vitest";
import { customerApp, type Mapped, salesWorkbook, uploadAndInspect } from "./sales-workbook.test-support.ts";

const env = customerApp();

async function suggested(headers: string[]) {
  const { inspect } = await uploadAndInspect(
    env.app.admin,
    await salesWorkbook([headers, headers.map(() => "x")]),
  );
  return inspect.suggestions.map((s: Mapped) => [s.header, s.field]);
}

describe("header suggestions", () => {
  it("know the synonyms a sales team writes, in Chinese", async () => {
    expect(
      await suggested(["公司名称", "手机号", "年采购额(万元)", "所在省份", "客户级别（必填）", "负责人"]),
    ).toEqual([
      ["公司名称", "name"],
      ["手机号", "mobile"],
      ["年采购额(万元)", "purchases"],
      ["所在省份", "region__province"],
      ["客户级别（必填）", "tier"],
      ["负责人", "owner_user"],
    ]);
    expect(await suggested(["客户名称", "联系电话", "年采购额（万）", "所在地区"])).toEqual([
      ["客户名称", "name"],
      ["联系电话", "mobile"],
      ["年采购额（万）", "purchases"],
      ["所在地区", "region"],
    ]);
    expect(await suggested(["单位名称", "手机", "员工数/千", "地址", "城市"])).toEqual([
      ["单位名称", "name"],
      ["手机", "mobile"],
      ["员工数/千", "headcount"],
      ["地址", "region"],
      ["城市", "region__city"],
    ]);
  });

  it("know them in English, with units and notes in brackets", async () => {
    expect(
      await suggested([
        "Company Name",
        "Mobile Phone",
        "Annual purchases ($k)",
        "Province",
        "City",
        "Tier [required]",
      ]),
    ).toEqual([
      ["Company Name", "name"],
      ["Mobile Phone", "mobile"],
      ["Annual purchases ($k)", "purchases"],
      ["Province", "region__province"],
      ["City", "region__city"],
      ["Tier [required]", "tier"],
    ]);
  });
});
