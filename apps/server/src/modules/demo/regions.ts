import { createDivisionLookup, type DivisionLookup } from "../divisions/index.ts";
import type { Rng } from "./random.ts";
import { STREETS } from "./words.ts";

/** The four regional sales teams; key accounts are served from 苏州 across every region. */
export const REGIONS = ["east", "south", "north", "west"] as const;
export type Region = (typeof REGIONS)[number];

/** Customer cities per region: the name the company carries, and where it sits (province, city, district). */
const CITIES: Record<Region, ReadonlyArray<readonly [string, string, string, string?]>> = {
  east: [
    ["苏州", "江苏省", "苏州市"],
    ["昆山", "江苏省", "苏州市", "昆山市"],
    ["无锡", "江苏省", "无锡市"],
    ["常州", "江苏省", "常州市"],
    ["南京", "江苏省", "南京市"],
    ["南通", "江苏省", "南通市"],
    ["上海", "上海市", "市辖区"],
    ["杭州", "浙江省", "杭州市"],
    ["宁波", "浙江省", "宁波市"],
    ["嘉兴", "浙江省", "嘉兴市"],
  ],
  south: [
    ["深圳", "广东省", "深圳市"],
    ["东莞", "广东省", "东莞市"],
    ["广州", "广东省", "广州市"],
    ["佛山", "广东省", "佛山市"],
    ["中山", "广东省", "中山市"],
    ["珠海", "广东省", "珠海市"],
    ["惠州", "广东省", "惠州市"],
    ["厦门", "福建省", "厦门市"],
  ],
  north: [
    ["北京", "北京市", "市辖区"],
    ["天津", "天津市", "市辖区"],
    ["青岛", "山东省", "青岛市"],
    ["济南", "山东省", "济南市"],
    ["烟台", "山东省", "烟台市"],
    ["石家庄", "河北省", "石家庄市"],
    ["唐山", "河北省", "唐山市"],
  ],
  west: [
    ["成都", "四川省", "成都市"],
    ["绵阳", "四川省", "绵阳市"],
    ["德阳", "四川省", "德阳市"],
    ["重庆", "重庆市", "市辖区"],
    ["西安", "陕西省", "西安市"],
    ["宝鸡", "陕西省", "宝鸡市"],
  ],
};

export interface DemoCity {
  /** As it starts a company's name: 苏州. */
  name: string;
  province: string;
  city: string;
  /** Districts to choose from; one when the company name says it (昆山). */
  districts: string[];
}

/** An address as the address field takes it: GB/T 2260 codes plus a detail line. */
export interface DemoAddress {
  province: string;
  city: string;
  district: string | null;
  detail: string;
}

type Division = DivisionLookup["tree"][number];

const child = (nodes: Division[] | undefined, name: string, path: string): Division => {
  const found = nodes?.find((node) => node.name === name);
  if (!found) throw new Error(`the division data has no ${path}${name}`);
  return found;
};

/** The cities with their codes, read from the division data the address field checks against. */
export function loadDemoCities(): Record<Region, DemoCity[]> {
  const { tree } = createDivisionLookup();
  const resolve = ([name, provinceName, cityName, districtName]: readonly [
    string,
    string,
    string,
    string?,
  ]) => {
    const province = child(tree, provinceName, "");
    const city = child(province.children, cityName, provinceName);
    const districts = districtName
      ? [child(city.children, districtName, cityName).code]
      : (city.children ?? []).map((d) => d.code).filter((code) => /^\d{6}$/.test(code));
    return { name, province: province.code, city: city.code, districts };
  };
  return {
    east: CITIES.east.map(resolve),
    south: CITIES.south.map(resolve),
    north: CITIES.north.map(resolve),
    west: CITIES.west.map(resolve),
  };
}

export function addressIn(city: DemoCity, rng: Rng): DemoAddress {
  const district = city.districts.length ? rng.pick(city.districts) : null;
  return {
    province: city.province,
    city: city.city,
    district,
    detail: `${rng.pick(STREETS)} ${rng.between(1, 999)} 号`,
  };
}
