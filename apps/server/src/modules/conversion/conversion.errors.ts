import { defineErrors } from "@keduo/core";

export const CONVERSION_ERRORS = defineErrors({
  CONVERSION_NOT_DEFINED: {
    status: 404,
    title: { "zh-CN": "未配置转换", en: "No conversion defined" },
    detail: {
      "zh-CN": "对象 {object} 没有配置转换（例如线索转为客户、联系人和商机）。",
      en: "Object {object} has no conversion defined (such as a lead becoming an account, a contact and an opportunity).",
    },
  },
});
