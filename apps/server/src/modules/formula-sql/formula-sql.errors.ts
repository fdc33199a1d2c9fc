import { defineErrors } from "@keduo/core";

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
});
