import type { Rng } from "../lib/random.ts";
import type { DatasetSpec } from "../lib/record-generator.ts";
import { COMPANY_SUFFIXES, COMPANY_WORDS, label } from "../lib/words.ts";

const options = (values: readonly string[]) =>
  values.map((value) => ({ value, labels: label(value, value) }));

const CITIES = ["上海", "北京", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "重庆"];
const WORDS = COMPANY_WORDS;
const SUFFIXES = COMPANY_SUFFIXES;
const INDUSTRIES = ["manufacturing", "retail", "finance", "healthcare", "education", "software"];
const TIERS = ["tier_a", "tier_b", "tier_c"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const DAY = 86_400_000;

/** Every company name ends with this: the browser phases tell a company row from a contact row by it. */
export const COMPANY_MARKER = "有限公司";
/** Every contact name starts with this. */
export const CONTACT_MARKER = "联系人";

const companyName = (rng: Rng) => `${rng.pick(CITIES)}${rng.pick(WORDS)}${rng.pick(SUFFIXES)}`;
const isoDate = (rng: Rng) =>
  new Date(Date.UTC(2020, 0, 1) + rng.int(6 * 365) * DAY).toISOString().slice(0, 10);

/**
 * What a user lands on: a big customer object (the first in the navigation, so the start page opens it) with
 * the fields a customer list shows, and a smaller contact object to navigate to.
 */
export function webDataset(sizes: { companies: number; contacts: number }): DatasetSpec {
  return {
    name: "web",
    seed: 20_260_601,
    objects: [
      {
        apiName: "bench_company",
        labels: label("客户", "Company"),
        rows: sizes.companies,
        fields: [
          {
            input: { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
            value: ({ rng }) => companyName(rng),
          },
          {
            input: { api_name: "city", type: "text", labels: label("城市", "City") },
            value: ({ rng }) => rng.pick(CITIES),
          },
          {
            input: {
              api_name: "industry",
              type: "single_select",
              labels: label("行业", "Industry"),
              config: { options: options(INDUSTRIES) },
            },
            value: ({ rng }) => rng.pick(INDUSTRIES),
          },
          {
            input: {
              api_name: "tier",
              type: "single_select",
              labels: label("等级", "Tier"),
              config: { options: options(TIERS) },
            },
            value: ({ rng }) => rng.pick(TIERS),
          },
          {
            input: { api_name: "revenue", type: "currency", labels: label("年营收", "Revenue") },
            value: ({ rng }) => ({ amount: (10 ** (4 + 4 * rng.next())).toFixed(2), currency: "CNY" }),
          },
          {
            input: { api_name: "employees", type: "number", labels: label("员工数", "Employees") },
            value: ({ rng }) => 5 + rng.int(5000),
          },
          {
            input: { api_name: "since", type: "date", labels: label("合作开始", "Customer since") },
            value: ({ rng }) => isoDate(rng),
          },
          {
            input: { api_name: "active", type: "boolean", labels: label("在用", "Active") },
            value: ({ rng }) => rng.chance(0.8),
          },
        ],
      },
      {
        apiName: "bench_contact",
        labels: label("联系人", "Contact"),
        rows: sizes.contacts,
        fields: [
          {
            input: { api_name: "name", type: "text", required: true, labels: label("姓名", "Name") },
            value: ({ index, rng }) => `${CONTACT_MARKER}${rng.pick(SURNAMES)}${index + 1}`,
          },
          {
            input: { api_name: "phone", type: "phone", labels: label("电话", "Phone") },
            value: ({ rng }) => `1${3 + rng.int(7)}${String(rng.int(1e9)).padStart(9, "0")}`,
          },
          {
            input: { api_name: "email", type: "email", labels: label("邮箱", "Email") },
            value: ({ index }) => `contact${index}@example.cn`,
          },
          {
            input: { api_name: "city", type: "text", labels: label("城市", "City") },
            value: ({ rng }) => rng.pick(CITIES),
          },
        ],
      },
    ],
  };
}
