import { defineErrors } from "@keduo/core";

export const VALIDATION_ERRORS = defineErrors({
  VALIDATION_RULE_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "验证规则不存在", en: "Validation rule not found" },
    detail: {
      "zh-CN": "对象 {object} 没有名为 {rule} 的验证规则。",
      en: "Object {object} has no validation rule named {rule}.",
    },
  },
  VALIDATION_RULE_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "验证规则名称已存在", en: "Validation rule name taken" },
    detail: {
      "zh-CN": "对象 {object} 已有名为 {rule} 的验证规则。",
      en: "Object {object} already has a validation rule named {rule}.",
    },
  },
  FIELD_USED_BY_RULE: {
    status: 409,
    title: { "zh-CN": "字段正被验证规则使用", en: "Field is used by validation rules" },
    detail: {
      "zh-CN":
        "字段 {field} 正被这些验证规则使用：{rules}。这项更改会使规则失效，未做任何更改。请先修改或删除这些规则。",
      en: "Field {field} is used by these validation rules: {rules}. The change would break them, so nothing was changed. Change or delete those rules first.",
    },
  },
});
