import type { DatasetSpec } from "../lib/record-generator.ts";
import { label } from "../lib/words.ts";
import { TERRITORIES } from "./org.ts";

export const OBJECT = "bench_opportunity";

/** The record field the list page filters on (independent of the organisation's regions), with weights. */
export const REGIONS: ReadonlyArray<readonly [string, number]> = [
  ["华东", 30],
  ["华北", 20],
  ["华南", 20],
  ["华中", 10],
  ["西南", 10],
  ["西北", 5],
  ["东北", 5],
];
const STAGES = ["new", "qualified", "proposal", "negotiation", "won", "lost"];
const COMPANIES = [
  "星辰",
  "华信",
  "远航",
  "创新",
  "东方",
  "博雅",
  "万通",
  "恒泰",
  "金桥",
  "新锐",
  "天成",
  "海纳",
];
const CITIES = ["上海", "北京", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "重庆"];
const DAY = 86_400_000;

/**
 * Opportunities: eight fields, three of them indexed — `region` and `amount` (what the list page filters and
 * sorts on, as in the records benchmark) and `territory` (what the sharing rules select on, 1 % per value).
 * Owners are not part of the spec: they are assigned when loading, from the users the API created.
 */
export function opportunitiesDataset(rows: number): DatasetSpec {
  return {
    name: "access",
    seed: 20_260_105,
    objects: [
      {
        apiName: OBJECT,
        labels: label("商机", "Opportunity"),
        rows,
        fields: [
          {
            input: { api_name: "name", type: "text", required: true },
            value: ({ rng }) => `${rng.pick(CITIES)}${rng.pick(COMPANIES)}项目`,
          },
          {
            input: { api_name: "region", type: "text", indexed: true, labels: label("区域", "Region") },
            value: ({ rng }) => rng.weighted(REGIONS),
          },
          {
            input: { api_name: "territory", type: "text", indexed: true, labels: label("片区", "Territory") },
            value: ({ rng }) => rng.pick(TERRITORIES),
          },
          {
            input: { api_name: "amount", type: "currency", indexed: true, labels: label("金额", "Amount") },
            // Log-uniform between 100 and 1,000,000: many small deals, few large ones.
            value: ({ rng }) => ({ amount: (10 ** (2 + 4 * rng.next())).toFixed(2), currency: "CNY" }),
          },
          {
            input: {
              api_name: "stage",
              type: "single_select",
              config: { options: STAGES.map((value) => ({ value, labels: label(value, value) })) },
            },
            value: ({ rng }) => rng.pick(STAGES),
          },
          {
            input: { api_name: "close_date", type: "date" },
            value: ({ rng }) =>
              new Date(Date.UTC(2024, 0, 1) + rng.int(3 * 365) * DAY).toISOString().slice(0, 10),
          },
          { input: { api_name: "probability", type: "percent" }, value: ({ rng }) => rng.int(101) },
          { input: { api_name: "won", type: "boolean" }, value: ({ rng }) => rng.chance(0.3) },
        ],
      },
    ],
  };
}

const FLOORS = [50_000, 100_000, 200_000, 500_000];

/**
 * The page every principal asks for: records of one region above an amount floor, largest first, 50 per page
 * (filter and sort on indexed fields), varied over the 7 regions × 4 floors.
 */
export function listRequests(): string[] {
  const paths: string[] = [];
  for (const floor of FLOORS) {
    for (const [region] of REGIONS) {
      const filter = JSON.stringify({ and: [{ region: { eq: region } }, { amount: { gte: floor } }] });
      paths.push(`/api/records/${OBJECT}?filter=${encodeURIComponent(filter)}&sort=-amount&limit=50`);
    }
  }
  return paths;
}
