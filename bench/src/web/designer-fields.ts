/**
 * The fields an admin adds in the designer, as the field editor sends them (apps/web/src/pages/admin/
 * field-editor.tsx): a Chinese label only (the server makes the API name from it), the switches as booleans,
 * `default` for the types that offer one (null when left empty), options without values. A few carry a
 * default, an index or a uniqueness rule, as some fields in a real designer session do.
 */
export interface DesignerField {
  type: string;
  label: string;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  default?: unknown;
  config?: Record<string, unknown>;
}

const WITH_DEFAULT = new Set([
  "text",
  "long_text",
  "number",
  "currency",
  "percent",
  "date",
  "boolean",
  "single_select",
  "multi_select",
  "email",
  "phone",
  "url",
]);

const options = (...labels: string[]) => ({
  options: labels.map((label, i) => ({ labels: { "zh-CN": label }, ...(i === 0 ? { color: "blue" } : {}) })),
});

/**
 * A many-to-one relation: the editor fills the inverse labels in (from the object's plural labels) and the
 * admin names the inverse under "advanced" when a second relation to the same target needs another name.
 */
const relation = (target: string, inverse: string, inverseLabel: string) => ({
  relation: {
    target,
    cardinality: "many_to_one",
    inverse_name: inverse,
    inverse_labels: { "zh-CN": inverseLabel, en: inverse },
  },
});

/** Labels are prefixed per run (`d1`, `d2`): each object gets its own API names (`d1_cheng_shi`, …). */
export function designerFields(prefix: string, relationTarget: string): DesignerField[] {
  return [
    { type: "text", label: `${prefix}城市` },
    { type: "number", label: `${prefix}员工数` },
    { type: "currency", label: `${prefix}年营收` },
    { type: "single_select", label: `${prefix}行业`, config: options("制造", "零售", "金融", "医疗") },
    { type: "date", label: `${prefix}签约日期` },
    {
      type: "relation",
      label: `${prefix}上级客户`,
      config: relation(relationTarget, `${prefix}_xia_ji`, `${prefix}下级`),
    },
    {
      type: "formula",
      label: `${prefix}人均营收`,
      config: { expression: `${prefix}_nian_ying_shou / ${prefix}_yuan_gong_shu` },
    },
    { type: "text", label: `${prefix}备注`, required: true, default: "无" },
    { type: "number", label: `${prefix}评分`, indexed: true },
    { type: "multi_select", label: `${prefix}标签`, config: options("重点", "新客", "流失风险") },
    { type: "boolean", label: `${prefix}重点客户` },
    { type: "date", label: `${prefix}下次跟进`, indexed: true },
    { type: "email", label: `${prefix}邮箱` },
    { type: "phone", label: `${prefix}座机` },
    { type: "url", label: `${prefix}官网` },
    { type: "long_text", label: `${prefix}描述` },
    { type: "currency", label: `${prefix}预算`, default: { amount: "0", currency: "CNY" } },
    {
      type: "single_select",
      label: `${prefix}阶段`,
      config: options("新建", "赢单", "输单"),
      default: "xin_jian",
    },
    { type: "text", label: `${prefix}编号`, unique: true },
    { type: "percent", label: `${prefix}折扣` },
    {
      type: "formula",
      label: `${prefix}大客户`,
      config: { expression: `${prefix}_nian_ying_shou > 1000000` },
    },
    {
      type: "relation",
      label: `${prefix}介绍人`,
      config: relation(relationTarget, `${prefix}_jie_shao`, `${prefix}介绍的`),
    },
    { type: "datetime", label: `${prefix}最后联系` },
    { type: "number", label: `${prefix}合作年限`, default: 1 },
  ];
}

/** The request body the field editor builds for a new field. */
export function editorBody(field: DesignerField): Record<string, unknown> {
  return {
    type: field.type,
    labels: { "zh-CN": field.label },
    help_text: null,
    required: Boolean(field.required),
    read_only: false,
    ...(field.unique !== undefined ? { unique: field.unique } : {}),
    ...(field.indexed !== undefined ? { indexed: field.indexed } : {}),
    ...(WITH_DEFAULT.has(field.type) ? { default: field.default ?? null } : {}),
    ...(field.config ? { config: field.config } : {}),
  };
}
