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
  ["地址", "详细地址", "联系地址", "address"],
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
  ["省份", "省", "province"],
  ["区域", "地区", "大区", "region"],
  ["级别", "客户级别", "等级", "level", "rating", "tier"],
  ["状态", "status"],
  ["员工数", "员工人数", "人数", "规模", "employees", "headcount"],
];

/**
 * Lower case without spaces, punctuation and required-markers: "公司名称 *", "Company Name" → "公司名称",
 * "companyname". Apostrophes go too, so a CSV header the export escaped ('=Score) still matches its label.
 */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[（(]\s*(必填|required|选填|optional)\s*[)）]/g, "")
    .replace(/[\s*_\-:：/\\.。·、,，()（）[\]【】'＇]/g, "");
}
