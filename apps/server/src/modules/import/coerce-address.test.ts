import { describe, expect, it } from "vitest";
import { parseAddress } from "./coerce-address.ts";

const NANSHAN = { province: "440000", city: "440300", district: "440305" };
const value = (text: string) => {
  const parsed = parseAddress(text);
  return parsed.ok ? parsed.value : { code: parsed.code, params: parsed.params };
};

describe("addresses from one cell", () => {
  it("reads division names run together, spaced, or as the export writes them, then the detail line", () => {
    for (const text of [
      "广东省深圳市南山区科技园1号",
      "广东省 深圳市 南山区 科技园1号",
      "广东省深圳市南山区 科技园1号",
      "  广东省，深圳市，南山区，科技园1号 ",
      "广东深圳南山区科技园1号",
      "广东 深圳 南山区 科技园1号",
    ])
      expect(value(text), text).toEqual({ ...NANSHAN, detail: "科技园1号" });
    expect(value("广东省深圳市南山区")).toEqual({ ...NANSHAN, detail: null });
    expect(value("江苏省苏州市姑苏区 干将西路 1 号")).toEqual({
      province: "320000",
      city: "320500",
      district: "320508",
      detail: "干将西路 1 号",
    });
  });

  it("municipalities: the export's 市辖区 / 县, the district right after the city, or the city named twice", () => {
    const dongcheng = { province: "110000", city: "110100", district: "110101", detail: "王府井大街1号" };
    expect(value("北京市市辖区东城区 王府井大街1号")).toEqual(dongcheng);
    expect(value("北京市东城区王府井大街1号")).toEqual(dongcheng);
    expect(value("北京东城区王府井大街1号")).toEqual(dongcheng);
    expect(value("上海市上海市浦东新区 世纪大道1号")).toEqual({
      province: "310000",
      city: "310100",
      district: "310115",
      detail: "世纪大道1号",
    });
    expect(value("重庆市县城口县 葛城街道")).toEqual({
      province: "500000",
      city: "500200",
      district: "500229",
      detail: "葛城街道",
    });
    // a county-level city under the province directly (省直辖县级行政区划)
    expect(value("海南省五指山市 通什镇")).toMatchObject({ province: "460000", city: "469000" });
  });

  it("a city without a district keeps the rest as the detail; a short name inside the detail is not a division", () => {
    expect(value("广东省深圳市 科技园1号")).toEqual({
      province: "440000",
      city: "440300",
      district: null,
      detail: "科技园1号",
    });
    // 中山 is 中山市, but only where a division follows it, not in 中山路
    expect(value("广东省广州市中山路1号")).toEqual({
      province: "440000",
      city: "440100",
      district: null,
      detail: "中山路1号",
    });
    expect(value("广东省")).toEqual({ province: "440000", city: null, district: null, detail: null });
  });

  it("an unknown province or city is a problem naming what was not found", () => {
    expect(value("火星省深圳市南山区")).toEqual({
      code: "address_unknown_province",
      params: { value: "火星省深圳市南山区" },
    });
    expect(value("科技园1号")).toMatchObject({ code: "address_unknown_province" });
    expect(value("北京路1号")).toMatchObject({ code: "address_unknown_province" });
    expect(value("广东省火星市南山区科技园")).toEqual({
      code: "address_unknown_city",
      params: { province: "广东省", value: "火星市南山区科技园" },
    });
    expect(value("广东省 科技园1号")).toMatchObject({ code: "address_unknown_city" });
  });
});

describe("addresses down to towns, outside the mainland and abroad", () => {
  it("takes a town under a city without districts, with the code the picker offers", () => {
    expect(value("广东省东莞市长安镇 振安中路1号")).toEqual({
      province: "440000",
      city: "441900",
      district: "441900119",
      detail: "振安中路1号",
    });
    expect(value("广东东莞长安镇")).toMatchObject({ district: "441900119", detail: null });
    expect(value("广东省中山市小榄镇升平路1号")).toMatchObject({ city: "442000", district: "442000118" });
    expect(value("海南省儋州市那大镇 人民大道")).toMatchObject({ city: "460400", district: "460400100" });
    expect(value("甘肃省嘉峪关市雄关街道")).toMatchObject({ city: "620200", district: "620201001" });
  });

  it("suggests what was probably meant: a town for a district of the same name, the sibling city", () => {
    expect(value("广东省东莞市长安区振安中路1号")).toEqual({
      code: "address_did_you_mean",
      params: { value: "东莞市长安区", suggestion: "东莞市长安镇" },
    });
    expect(value("广东省深圳市天河区 天河路1号")).toEqual({
      code: "address_did_you_mean",
      params: { value: "深圳市天河区", suggestion: "广州市天河区" },
    });
    expect(value("广东省杭州市西湖区")).toEqual({
      code: "address_did_you_mean",
      params: { value: "广东省杭州市", suggestion: "浙江省杭州市" },
    });
    // a detail line that names no division is still a detail line
    expect(value("广东省深圳市科技园区1号")).toMatchObject({ district: null, detail: "科技园区1号" });
  });

  it("keeps Hong Kong, Macau and Taiwan addresses as typed under their province", () => {
    expect(value("香港特别行政区九龙城区 太子道西1号")).toEqual({
      province: "810000",
      city: null,
      district: null,
      detail: "九龙城区 太子道西1号",
    });
    expect(value("香港九龙城区太子道西1号")).toMatchObject({
      province: "810000",
      detail: "九龙城区太子道西1号",
    });
    expect(value("中国香港特别行政区中环")).toMatchObject({ province: "810000", detail: "中环" });
    expect(value("澳门特别行政区 新马路1号")).toMatchObject({ province: "820000", detail: "新马路1号" });
    expect(value("台湾省台北市信义区 市府路1号")).toMatchObject({
      province: "710000",
      detail: "台北市信义区 市府路1号",
    });
    expect(value("Hong Kong, 1 Queen's Road Central")).toMatchObject({ province: "810000" });
    expect(value("中国 广东省深圳市南山区")).toEqual({ ...NANSHAN, detail: null });
  });

  it("reads an address abroad as its country and the lines as typed", () => {
    expect(value("日本 東京都千代田区丸の内1-1")).toEqual({
      country: "JP",
      detail: "東京都千代田区丸の内1-1",
    });
    expect(value("日本東京都千代田区")).toEqual({ country: "JP", detail: "東京都千代田区" });
    expect(value("United States, 1 Apple Park Way, Cupertino, CA 95014")).toEqual({
      country: "US",
      detail: "1 Apple Park Way, Cupertino, CA 95014",
    });
    expect(value("Germany Unter den Linden 1, 10117 Berlin")).toMatchObject({ country: "DE" });
    expect(value("Germanyville 1")).toMatchObject({ code: "address_unknown_province" });
    expect(value("新加坡")).toEqual({ code: "address_lines_required" });
  });
});
