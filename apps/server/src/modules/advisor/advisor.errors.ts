import { defineErrors } from "@keduo/core";

export const ADVISOR_ERRORS = defineErrors({
  INDEX_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "索引建议不存在", en: "Index not found" },
    detail: {
      "zh-CN": "没有 id 为 {id} 的索引建议或索引。",
      en: "There is no proposed or built index with id {id}.",
    },
  },
  INDEX_STATE_CONFLICT: {
    status: 409,
    title: { "zh-CN": "索引当前状态不允许此操作", en: "Not possible in the index's state" },
    detail: {
      "zh-CN": "索引 {index} 的状态是 {status}，不能执行这个操作。",
      en: "Index {index} is {status}; this is not possible now.",
    },
  },
});
