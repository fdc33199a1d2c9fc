import type { Translatable } from "@keduo/core";
import type { Rng } from "../lib/random.ts";
import type { DatasetSpec, FieldSpec, GenerationContext } from "../lib/record-generator.ts";
import { COMPANY_SUFFIXES, COMPANY_WORDS, label } from "../lib/words.ts";

export const REGIONS = ["华东", "华北", "华南", "华中", "西南", "西北", "东北"] as const;
const REGION_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ["华东", 30],
  ["华北", 20],
  ["华南", 20],
  ["华中", 10],
  ["西南", 10],
  ["西北", 5],
  ["东北", 5],
];
const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
];
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "涛",
  "明",
  "超",
];
const CITIES = [
  "上海",
  "北京",
  "深圳",
  "杭州",
  "成都",
  "武汉",
  "南京",
  "西安",
  "苏州",
  "重庆",
  "长沙",
  "沈阳",
];
const WORDS = COMPANY_WORDS;
const SUFFIXES = COMPANY_SUFFIXES;
const NOTES = ["已发送报价", "等待客户反馈", "需要技术交流", "预算审批中", "安排现场拜访", "竞品对比中"];

const options = (values: readonly string[]) =>
  values.map((value) => ({ value, labels: label(value, value.replaceAll("_", " ")) }));

const personName = (rng: Rng) =>
  `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.5) ? rng.pick(GIVEN) : ""}`;
const companyName = (rng: Rng) => `${rng.pick(CITIES)}${rng.pick(WORDS)}${rng.pick(SUFFIXES)}`;
// Log-uniform between 100 and 1,000,000: many small deals, few large ones, as in a real pipeline.
const amount = (rng: Rng) => ({ amount: (10 ** (2 + 4 * rng.next())).toFixed(2), currency: "CNY" });
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;
const dateIn2024To2026 = (rng: Rng) => isoDate(Date.UTC(2024, 0, 1) + rng.int(3 * 365) * DAY);
const instantIn2024To2026 = (rng: Rng) =>
  new Date(Date.UTC(2024, 0, 1) + Math.floor(rng.next() * 3 * 365 * DAY)).toISOString();
const email = (ctx: GenerationContext) =>
  `user${ctx.index}.${ctx.rng.int(1_000_000)}@example${ctx.rng.int(50)}.cn`;

const regionField: FieldSpec = {
  input: { api_name: "region", type: "text", indexed: true, labels: label("区域", "Region") },
  value: ({ rng }) => rng.weighted(REGION_WEIGHTS),
};
const amountField: FieldSpec = {
  input: { api_name: "amount", type: "currency", indexed: true, labels: label("金额", "Amount") },
  value: ({ rng }) => amount(rng),
};

/**
 * One object with ten fields (text ×3, number, currency, date, boolean, single select, email, datetime).
 * `region` and `amount`, what the list benchmark filters and sorts on, are declared `indexed`.
 */
export function leadsDataset(rows: number): DatasetSpec {
  return {
    name: "leads",
    seed: 20_260_101,
    objects: [
      {
        apiName: "bench_lead",
        labels: label("线索", "Lead"),
        rows,
        fields: [
          { input: { api_name: "name", type: "text", required: true }, value: ({ rng }) => personName(rng) },
          { input: { api_name: "company", type: "text" }, value: ({ rng }) => companyName(rng) },
          regionField,
          { input: { api_name: "quantity", type: "number" }, value: ({ rng }) => 1 + rng.int(1000) },
          amountField,
          { input: { api_name: "close_date", type: "date" }, value: ({ rng }) => dateIn2024To2026(rng) },
          { input: { api_name: "active", type: "boolean" }, value: ({ rng }) => rng.chance(0.7) },
          {
            input: {
              api_name: "stage",
              type: "single_select",
              config: { options: options(["new", "qualified", "proposal", "negotiation", "won", "lost"]) },
            },
            value: ({ rng }) => rng.pick(["new", "qualified", "proposal", "negotiation", "won", "lost"]),
          },
          { input: { api_name: "email", type: "email" }, value: email },
          {
            input: { api_name: "last_contact", type: "datetime" },
            value: ({ rng }) => instantIn2024To2026(rng),
          },
        ],
      },
    ],
  };
}

const relation = (target: string, inverse: string, labels: Translatable) => ({
  relation: { target, cardinality: "many_to_one" as const, inverse_name: inverse, inverse_labels: labels },
});

/** Deals (15 fields, two many-to-one relations) referring to accounts and campaigns. */
export function dealsDataset(sizes: { deals: number; accounts: number; campaigns: number }): DatasetSpec {
  const channels = ["online", "offline", "partner", "event"];
  const industries = ["manufacturing", "retail", "finance", "healthcare", "education", "software"];
  const stages = ["new", "qualified", "proposal", "negotiation", "won", "lost"];
  return {
    name: "deals",
    seed: 20_260_102,
    objects: [
      {
        apiName: "bench_campaign",
        labels: label("市场活动", "Campaign"),
        rows: sizes.campaigns,
        fields: [
          { input: { api_name: "name", type: "text", required: true }, value: (c) => `活动 ${c.index + 1}` },
          {
            input: { api_name: "channel", type: "single_select", config: { options: options(channels) } },
            value: ({ rng }) => rng.pick(channels),
          },
        ],
      },
      {
        apiName: "bench_account",
        labels: label("客户", "Account"),
        rows: sizes.accounts,
        fields: [
          { input: { api_name: "name", type: "text", required: true }, value: ({ rng }) => companyName(rng) },
          {
            input: { api_name: "industry", type: "single_select", config: { options: options(industries) } },
            value: ({ rng }) => rng.pick(industries),
          },
          { input: { api_name: "city", type: "text" }, value: ({ rng }) => rng.pick(CITIES) },
        ],
      },
      {
        apiName: "bench_deal",
        labels: label("商机", "Deal"),
        rows: sizes.deals,
        fields: [
          { input: { api_name: "name", type: "text", required: true }, value: ({ rng }) => companyName(rng) },
          regionField,
          amountField,
          {
            input: { api_name: "stage", type: "single_select", config: { options: options(stages) } },
            value: ({ rng }) => rng.pick(stages),
          },
          { input: { api_name: "probability", type: "percent" }, value: ({ rng }) => rng.int(101) },
          { input: { api_name: "close_date", type: "date" }, value: ({ rng }) => dateIn2024To2026(rng) },
          { input: { api_name: "won", type: "boolean" }, value: ({ rng }) => rng.chance(0.3) },
          { input: { api_name: "email", type: "email" }, value: email },
          {
            input: { api_name: "phone", type: "phone" },
            value: ({ rng }) => `1${3 + rng.int(7)}${String(rng.int(1e9)).padStart(9, "0")}`,
          },
          {
            input: { api_name: "last_activity", type: "datetime" },
            value: ({ rng }) => instantIn2024To2026(rng),
          },
          { input: { api_name: "quantity", type: "number" }, value: ({ rng }) => 1 + rng.int(500) },
          { input: { api_name: "notes", type: "long_text" }, value: ({ rng }) => rng.pick(NOTES) },
          {
            input: { api_name: "source", type: "single_select", config: { options: options(channels) } },
            value: ({ rng }) => rng.pick(channels),
          },
          {
            input: {
              api_name: "account",
              type: "relation",
              config: relation("bench_account", "deals", label("商机", "Deals")),
            },
            value: (c) => c.ref("bench_account"),
          },
          {
            input: {
              api_name: "campaign",
              type: "relation",
              config: relation("bench_campaign", "deals", label("商机", "Deals")),
            },
            value: (c) => c.ref("bench_campaign"),
          },
        ],
      },
    ],
  };
}

/** The list request of the workload: two filters and a sort, varied over regions and amount floors. */
export function listRequests(object: string, extra = ""): string[] {
  const floors = [50_000, 100_000, 200_000, 500_000];
  const paths: string[] = [];
  for (const floor of floors) {
    for (const region of REGIONS) {
      const filter = JSON.stringify({ and: [{ region: { eq: region } }, { amount: { gte: floor } }] });
      paths.push(`/api/records/${object}?filter=${encodeURIComponent(filter)}&sort=-amount&limit=50${extra}`);
    }
  }
  return paths;
}
