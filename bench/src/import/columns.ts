import type { Translatable } from "@keduo/core";
import type { Rng } from "../lib/random.ts";
import { label } from "../lib/words.ts";

/** The object every import phase imports into: 15 fields whose zh-CN labels are the files' headers. */
export const IMPORT_OBJECT = "bench_customer";
export const IMPORT_OBJECT_LABELS: Translatable = { "zh-CN": "导入客户", en: "Imported customer" };

const option = (value: string, zh: string, en: string) => ({ value, labels: label(zh, en) });

const INDUSTRIES = [
  option("manufacturing", "制造业", "Manufacturing"),
  option("retail", "零售", "Retail"),
  option("finance", "金融", "Finance"),
  option("healthcare", "医疗", "Healthcare"),
  option("education", "教育", "Education"),
  option("software", "软件", "Software"),
];
const TIERS = [option("a", "A类", "Tier A"), option("b", "B类", "Tier B"), option("c", "C类", "Tier C")];
const SOURCES = [
  option("website", "官网", "Website"),
  option("referral", "转介绍", "Referral"),
  option("exhibition", "展会", "Exhibition"),
  option("cold_call", "电话营销", "Cold call"),
];

/** A cell as a generator writes it: text (what a person typed), a number, or a real date cell (xlsx only). */
export type Cell = string | number | Date;

export interface ImportColumn {
  header: string;
  field: Record<string, unknown> & { api_name: string; type: string; labels: Translatable };
  value(rng: Rng, index: number): Cell;
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳"];
const CITIES = ["上海", "北京", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "重庆"];
const WORDS = ["星辰", "华信", "远航", "创新", "东方", "博雅", "万通", "恒泰", "金桥", "新锐"];
const SUFFIXES = ["科技有限公司", "贸易有限公司", "信息技术有限公司", "实业有限公司"];

const thousands = (n: number) => n.toLocaleString("en-US");

/** An amount as people type it in a Chinese sheet: 12.5万, 1,234,567.89, ¥3,000, 45000元. */
function amount(rng: Rng): string {
  const yuan = Math.round(10 ** (3 + 4 * rng.next()));
  switch (rng.int(4)) {
    case 0:
      return `${(yuan / 10_000).toFixed(1)}万`;
    case 1:
      return `${thousands(yuan)}.${String(rng.int(100)).padStart(2, "0")}`;
    case 2:
      return `¥${thousands(yuan)}`;
    default:
      return `${yuan}元`;
  }
}

const DAY = 86_400_000;

/** A date in one of the forms Chinese sheets mix: 2026年3月5日, 2026/3/5, 2026-03-05, 2026.3.5, a date cell. */
function date(rng: Rng, dateCells: boolean): Cell {
  const d = new Date(Date.UTC(2024, 0, 1) + rng.int(3 * 365) * DAY);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  switch (rng.int(dateCells ? 5 : 4)) {
    case 0:
      return `${y}年${m}月${day}日`;
    case 1:
      return `${y}/${m}/${day}`;
    case 2:
      return d.toISOString().slice(0, 10);
    case 3:
      return `${y}.${m}.${day}`;
    default:
      return d;
  }
}

/** The 15 columns; `dateCells` adds real date cells (an .xlsx has them, a CSV has only text). */
export function importColumns(dateCells: boolean): ImportColumn[] {
  return [
    {
      header: "客户名称",
      field: { api_name: "name", type: "text", required: true, labels: label("客户名称", "Customer name") },
      value: (rng) => `${rng.pick(CITIES)}${rng.pick(WORDS)}${rng.pick(SUFFIXES)}`,
    },
    {
      header: "客户编号",
      field: { api_name: "code", type: "text", labels: label("客户编号", "Customer code") },
      value: (_rng, i) => `KH${String(i + 1).padStart(7, "0")}`,
    },
    {
      header: "联系人",
      field: { api_name: "contact", type: "text", labels: label("联系人", "Contact") },
      value: (rng) => `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.5) ? rng.pick(GIVEN) : ""}`,
    },
    {
      header: "手机",
      field: { api_name: "mobile", type: "phone", labels: label("手机", "Mobile") },
      value: (rng) => `1${3 + rng.int(7)}${String(rng.int(1_000_000_000)).padStart(9, "0")}`,
    },
    {
      header: "邮箱",
      field: { api_name: "email", type: "email", labels: label("邮箱", "Email") },
      value: (rng, i) => `kh${i}.${rng.int(1000)}@example${rng.int(50)}.cn`,
    },
    {
      header: "城市",
      field: { api_name: "city", type: "text", labels: label("城市", "City") },
      value: (rng) => rng.pick(CITIES),
    },
    {
      header: "员工人数",
      field: { api_name: "employees", type: "number", labels: label("员工人数", "Employees") },
      value: (rng) => {
        const n = 5 + rng.int(20_000);
        return rng.chance(0.5) ? thousands(n) : n;
      },
    },
    {
      header: "年营业额",
      field: { api_name: "revenue", type: "currency", labels: label("年营业额", "Annual revenue") },
      value: amount,
    },
    {
      header: "预算",
      field: { api_name: "budget", type: "currency", labels: label("预算", "Budget") },
      value: amount,
    },
    {
      header: "签约日期",
      field: { api_name: "signed_on", type: "date", labels: label("签约日期", "Signed on") },
      value: (rng) => date(rng, dateCells),
    },
    {
      header: "下次跟进",
      field: { api_name: "next_follow_up", type: "date", labels: label("下次跟进", "Next follow-up") },
      value: (rng) => date(rng, dateCells),
    },
    {
      header: "行业",
      field: {
        api_name: "industry",
        type: "single_select",
        config: { options: INDUSTRIES },
        labels: label("行业", "Industry"),
      },
      // By zh-CN label mostly, sometimes by the en label, as a mixed team's sheet has them.
      value: (rng) => {
        const o = rng.pick(INDUSTRIES);
        return rng.chance(0.8) ? o.labels["zh-CN"] : o.labels.en;
      },
    },
    {
      header: "客户等级",
      field: {
        api_name: "tier",
        type: "single_select",
        config: { options: TIERS },
        labels: label("客户等级", "Tier"),
      },
      value: (rng) => rng.pick(TIERS).labels["zh-CN"],
    },
    {
      header: "客户来源",
      field: {
        api_name: "source",
        type: "single_select",
        config: { options: SOURCES },
        labels: label("客户来源", "Source"),
      },
      value: (rng) => rng.pick(SOURCES).labels["zh-CN"],
    },
    {
      header: "是否重点",
      field: { api_name: "key_account", type: "boolean", labels: label("是否重点", "Key account") },
      value: (rng) => (rng.chance(0.3) ? "是" : "否"),
    },
  ];
}
