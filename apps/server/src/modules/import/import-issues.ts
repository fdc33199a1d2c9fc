import { FIELD_ISSUE_MESSAGES, interpolate, type Locale, type Translatable } from "@keduo/core";

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
  unknown_option: { "zh-CN": "“{value}”不是可选项", en: "“{value}” is not one of the options" },
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
    "zh-CN": "地址“{value}”应以省份开头，如“广东省深圳市南山区 科技园1号”",
    en: "The address “{value}” must start with a province, as in “广东省深圳市南山区 科技园1号”",
  },
  address_unknown_city: {
    "zh-CN": "在{province}中找不到城市“{value}”",
    en: "No city of {province} at “{value}”",
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

export function issueMessage(code: string, params: Record<string, string | number>, locale: Locale): string {
  const template = IMPORT_ISSUE_MESSAGES[code] ?? FIELD_ISSUE_MESSAGES[code];
  return template ? interpolate(template[locale], params) : code;
}
