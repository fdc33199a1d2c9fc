import { defineErrors } from "@keduo/core";

export const NOTIFICATION_ERRORS = defineErrors({
  // Another user's notification answers exactly like a missing one: ids are not an oracle.
  NOTIFICATION_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "通知不存在", en: "Notification not found" },
    detail: {
      "zh-CN": "没有编号为 {id} 的通知。",
      en: "There is no notification {id}.",
    },
  },
  NOTIFICATION_CURSOR_INVALID: {
    status: 400,
    title: { "zh-CN": "分页游标无效", en: "Invalid cursor" },
    detail: {
      "zh-CN": "通知列表的游标无效，请从第一页重新开始。",
      en: "The notification list's cursor is invalid; start again from the first page.",
    },
  },
});
