import {
  FIELD_ISSUE_MESSAGES,
  type FieldIssue,
  interpolate,
  type Locale,
  type Translatable,
} from "@keduo/core";
import { type AmountUnit, isAmountUnit } from "./amount-units.ts";

/** One problem with one cell (or one row when `column` is null), as the dry-run and run reports list it. */
export interface RowIssue {
  /** 1-based row number in the sheet, as the user sees it in Excel. */
  row: number;
  column: string | null;
  value: string | null;
  code: string;
  params?: Record<string, string | number>;
}

/** Reasons specific to importing; the records pipeline's field codes (required, too_long …) are reused. */
const IMPORT_ISSUE_MESSAGES: Record<string, Translatable> = {
  invalid_date: {
    "zh-CN": "无法识别的日期，可用 2026-03-05、2026/3/5、2026年3月5日 或 Excel 日期",
    en: "Not a recognised date; use 2026-03-05, 2026/3/5, 2026年3月5日 or an Excel date",
  },
  invalid_datetime: {
    "zh-CN": "无法识别的日期时间，可用 2026-03-05 14:30 或 Excel 日期时间",
    en: "Not a recognised date and time; use 2026-03-05 14:30 or an Excel date-time",
  },
  invalid_number: { "zh-CN": "不是数字", en: "Not a number" },
  invalid_amount: {
    "zh-CN": "不是金额（可写 1,234.50、¥1200、3.5万）",
    en: "Not an amount (write 1,234.50, ¥1200 or 3.5万)",
  },
  invalid_percent: { "zh-CN": "不是百分比（可写 12% 或 0.12）", en: "Not a percentage (write 12% or 0.12)" },
  invalid_boolean: {
    "zh-CN": "应为 是/否、Y/N、true/false 或 1/0",
    en: "Must be 是/否, Y/N, true/false or 1/0",
  },
  unknown_option: {
    "zh-CN": "“{value}”不是可选项（可选：{allowed}），可在“值对应”中为它选择一项",
    en: "“{value}” is not one of the options ({allowed}); choose one for it under “Map values”",
  },
  phone_unrecognised: {
    "zh-CN":
      "“{value}”不像电话号码（手机 11 位，座机带区号如 010-88880000，或 +86 开头），接受警告后按原样导入",
    en: "“{value}” does not look like a phone number (an 11-digit mobile, a landline with its area code such as 010-88880000, or +86…); imported as written when warnings are accepted",
  },
  amount_unit_ambiguous: {
    "zh-CN":
      "{count} 个数字没写单位，而此列另有 {with_unit} 个写了单位（{units}）：没写单位的按原数导入，请在字段映射中确认此列的单位",
    en: "{count} numbers have no unit while {with_unit} others in this column write one ({units}): those without are imported as written; set this column's unit in the mapping",
  },
  amount_unit_mixed: {
    "zh-CN": "{count} 个数字自带的单位（{units}）与此列的单位（{unit}）不同，已按各自的单位导入",
    en: "{count} numbers write a unit of their own ({units}) other than this column's ({unit}); each was read in its own unit",
  },
  reference_not_found: {
    "zh-CN": "在{object}中找不到“{value}”",
    en: "No {object} record named “{value}”",
  },
  reference_ambiguous: {
    "zh-CN": "{object}中有 {count} 条记录叫“{value}”，请改用编码",
    en: "{count} {object} records are named “{value}”; use a code instead",
  },
  user_not_found: { "zh-CN": "找不到用户“{value}”", en: "No user named “{value}”" },
  user_ambiguous: {
    "zh-CN": "有 {count} 个用户叫“{value}”，请改用邮箱",
    en: "{count} users are named “{value}”; use the email instead",
  },
  department_not_found: { "zh-CN": "找不到部门“{value}”", en: "No department named “{value}”" },
  department_ambiguous: {
    "zh-CN": "有 {count} 个部门叫“{value}”，请写出上级部门，如“总部/{value}”",
    en: "{count} departments are named “{value}”; add the parent department, as in “Head office/{value}”",
  },
  address_unknown_province: {
    "zh-CN":
      "地址“{value}”应以省份开头（如“广东省深圳市南山区 科技园1号”），境外地址以国家开头（如“日本 東京都…”）",
    en: "The address “{value}” must start with a province (as in “广东省深圳市南山区 科技园1号”) or, abroad, a country (as in “Japan, 1-1 Marunouchi…”)",
  },
  address_unknown_city: {
    "zh-CN": "在{province}中找不到城市“{value}”",
    en: "No city of {province} at “{value}”",
  },
  address_did_you_mean: {
    "zh-CN": "找不到“{value}”，是否是“{suggestion}”？",
    en: "There is no “{value}”; did you mean “{suggestion}”?",
  },
  invalid_currency: {
    "zh-CN": "“{value}”不是币种代码（应为 CNY、USD 这样的三个字母）",
    en: "“{value}” is not a currency code (three letters such as CNY or USD)",
  },
  duplicate_match: {
    "zh-CN": "有 {count} 条已有记录与此行匹配，无法确定更新哪一条",
    en: "{count} existing records match this row; cannot tell which one to update",
  },
  unsupported_field: {
    "zh-CN": "此类字段不能导入",
    en: "Fields of this type cannot be imported",
  },
  write_failed: { "zh-CN": "保存失败：{reason}", en: "Could not be saved: {reason}" },
  record_changed: {
    "zh-CN": "匹配到的记录在导入期间被他人修改",
    en: "The matching record was changed by someone else during the import",
  },
};

/** Reasons that do not stop a row: it is imported as written when the user accepts warnings. */
const WARNING_CODES = new Set(["phone_unrecognised", "amount_unit_ambiguous", "amount_unit_mixed"]);

export const isWarning = (code: string) => WARNING_CODES.has(code);

/** Unit names as the messages and the mapping screen show them. */
export const UNIT_NAMES: Record<AmountUnit, Translatable> = {
  one: { "zh-CN": "元", en: "ones (as written)" },
  thousand: { "zh-CN": "千", en: "thousands" },
  ten_thousand: { "zh-CN": "万", en: "万 (ten thousands)" },
  million: { "zh-CN": "百万", en: "millions" },
  ten_million: { "zh-CN": "千万", en: "ten millions" },
  hundred_million: { "zh-CN": "亿", en: "亿 (hundred millions)" },
};

function unitNames(list: string | number, locale: Locale): string {
  return String(list)
    .split(",")
    .map((u) => (isAmountUnit(u) ? UNIT_NAMES[u][locale] : u))
    .join(locale === "zh-CN" ? "、" : ", ");
}

export function issueMessage(code: string, params: Record<string, string | number>, locale: Locale): string {
  const template = IMPORT_ISSUE_MESSAGES[code] ?? FIELD_ISSUE_MESSAGES[code];
  const shown = { ...params };
  // a parameter with an English twin (allowed / allowed_en) shows the reader's language
  if (locale === "en")
    for (const key of Object.keys(params)) if (`${key}_en` in params) shown[key] = params[`${key}_en`]!;
  // An admin's own text (a validation rule's, a stage gate's) travels as the `message` parameter.
  if (!template) return "message" in shown ? String(shown.message) : code;
  for (const key of ["unit", "units"]) if (key in shown) shown[key] = unitNames(shown[key]!, locale);
  return interpolate(template[locale], shown);
}

/** A pipeline issue's parameters for the report: its translated message, when it has one, as `message`. */
export function issueParams(issue: FieldIssue): Record<string, string | number> | undefined {
  if (!issue.message) return issue.params;
  return { ...issue.params, message: issue.message["zh-CN"], message_en: issue.message.en };
}
