import { stripHeaderUnit } from "./amount-units.ts";

/**
 * Header words people use in Chinese and English spreadsheets for the same thing. A header matches a field
 * when it is one of the field's own names (labels, API name) or in a group with one of them; a header in
 * the NAME group maps to the object's display field when nothing matched more exactly.
 */
export const NAME_GROUP = [
  "名称",
  "公司名称",
  "客户名称",
  "企业名称",
  "单位名称",
  "公司",
  "客户",
  "company",
  "companyname",
  "account",
  "accountname",
  "customer",
  "customername",
  "name",
];

/** Headers of a currency code column; they name the currency of the object's only money field. */
export const CURRENCY_GROUP = ["币种", "货币", "币别", "currency", "currencycode"];

export const SYNONYM_GROUPS: string[][] = [
  NAME_GROUP,
  [
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "联系电话",
    "电话号码",
    "座机",
    "mobile",
    "phone",
    "telephone",
    "tel",
    "cell",
    "mobilephone",
    "phonenumber",
  ],
  ["邮箱", "电子邮箱", "邮件", "电子邮件", "email", "e-mail", "mail", "emailaddress"],
  ["地址", "详细地址", "联系地址", "通讯地址", "所在地", "所在地区", "address", "fulladdress"],
  ["网站", "网址", "官网", "公司网站", "website", "url", "web", "homepage"],
  ["行业", "所属行业", "industry"],
  ["金额", "合同金额", "商机金额", "amount", "value", "dealvalue"],
  ["年收入", "营业额", "营收", "年营业额", "annualrevenue", "revenue"],
  ["联系人", "联系人姓名", "姓名", "contact", "contactname", "fullname"],
  ["预计成交日期", "成交日期", "结单日期", "closedate", "expectedclosedate"],
  ["阶段", "销售阶段", "stage"],
  ["来源", "客户来源", "线索来源", "source", "leadsource"],
  ["职位", "职务", "title", "jobtitle", "position"],
  ["备注", "说明", "描述", "notes", "note", "remark", "remarks", "description", "comment"],
  ["城市", "所在城市", "city"],
  ["省份", "省", "所在省份", "所在省", "province"],
  ["区域", "地区", "大区", "region"],
  ["级别", "客户级别", "等级", "level", "rating", "tier"],
  ["状态", "status"],
  ["员工数", "员工人数", "人数", "规模", "employees", "headcount"],
];

/**
 * Headers of the parts of an address, for an object's address field when no field of the object is named
 * so itself: 所在省份 | 城市 | 区县 | 街道 feed one address.
 */
export const ADDRESS_PART_GROUPS = {
  province: ["省份", "省", "所在省份", "所在省", "省区", "省市", "province", "state"],
  city: ["城市", "市", "所在城市", "所在市", "地市", "city"],
  district: ["区县", "区", "县", "所在区县", "区/县", "县区", "district", "county"],
  street: ["街道", "街道地址", "门牌", "详细地址", "street", "streetaddress", "address1", "addressline"],
} as const;

/**
 * Lower case without spaces, punctuation and required-markers: "公司名称 *", "Company Name" → "公司名称",
 * "companyname". Apostrophes go too, so a CSV header the export escaped ('=Score) still matches its label.
 */
export function normalizeHeader(text: string): string {
  return normalizeWords(text.normalize("NFKC"));
}

/** A header without its unit and any bracketed note: 年采购额(万元) → 年采购额, 手机号（必填） → 手机号. */
export function bareHeader(text: string): string {
  return normalizeWords(
    stripHeaderUnit(text.normalize("NFKC")).replace(/[(（【[][^()（）【】[\]]*[)）】\]]/g, ""),
  );
}

function normalizeWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[（(]\s*(必填|required|选填|optional)\s*[)）]/g, "")
    .replace(/[\s*_\-:：/\\.。·、,，()（）[\]【】'＇]/g, "");
}
