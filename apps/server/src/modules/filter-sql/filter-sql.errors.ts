import { defineErrors } from "@keduo/core";

export const FILTER_SQL_ERRORS = defineErrors({
  INVALID_FILTER: {
    status: 400,
    title: { "zh-CN": "筛选条件有误", en: "Invalid filter" },
    detail: { "zh-CN": "筛选条件中有 {count} 处错误。", en: "The filter has {count} problem(s)." },
  },
});
