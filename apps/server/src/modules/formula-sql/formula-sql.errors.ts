import { defineErrors, type FieldDefinition, KeduoError } from "@keduo/core";

export const FORMULA_SQL_ERRORS = defineErrors({
  FIELD_USED_BY_FORMULA: {
    status: 409,
    title: { "zh-CN": "字段正被公式字段使用", en: "Field is used by formula fields" },
    detail: {
      "zh-CN":
        "字段 {field} 正被这些公式字段使用：{formulas}。这项更改会使它们失效或改变其类型，未做任何更改。请先修改或删除这些公式字段。",
      en: "Field {field} is used by these formula fields: {formulas}. The change would break them or change their type, so nothing was changed. Change or delete those formula fields first.",
    },
  },
  FIELD_FILLING: {
    status: 409,
    title: { "zh-CN": "字段的值正在计算中", en: "Field is being filled" },
    detail: {
      "zh-CN":
        "字段 {field} 刚改为存储公式，它的值正在后台逐批计算，完成前不能按它筛选或排序（记录中仍可正常查看它的值）。请稍后重试。",
      en: "Field {field} has just become a stored formula and its values are being computed in the background; lists cannot be filtered or sorted by it until that is done (records still show its value). Try again shortly.",
    },
  },
});

/**
 * Filters and sorts on a stored formula wait for its column (ADR 0019): computed for every row of a big
 * table they would be slow exactly where storing was asked for to make them fast.
 */
export function assertNotFilling(field: FieldDefinition): void {
  if (field.filling)
    throw new KeduoError("FIELD_FILLING", { params: { field: `${field.objectApiName}.${field.apiName}` } });
}
