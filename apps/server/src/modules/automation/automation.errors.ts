import { defineErrors } from "@keduo/core";

export const AUTOMATION_ERRORS = defineErrors({
  AUTOMATION_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "自动化不存在", en: "Automation not found" },
    detail: { "zh-CN": "没有 id 为 {id} 的自动化。", en: "There is no automation with id {id}." },
  },
  AUTOMATION_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "自动化名称已存在", en: "Automation name taken" },
    detail: {
      "zh-CN": "对象 {object} 已有名为 {automation} 的自动化。",
      en: "Object {object} already has an automation named {automation}.",
    },
  },
  AUTOMATION_PREVIEW_TIMED_ONLY: {
    status: 422,
    title: { "zh-CN": "只能预览定时触发的自动化", en: "Only timed automations can be previewed" },
    detail: {
      "zh-CN": "预览列出接下来几天会触发的记录；触发方式 {trigger} 由记录的写入触发，无法预先列出。",
      en: "A preview lists the records due in the next days; trigger {trigger} fires on record writes, which cannot be listed ahead.",
    },
  },
  AUTOMATION_HOOK_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "没有这个 Webhook 地址", en: "No such webhook address" },
    detail: {
      "zh-CN": "这个地址没有对应的已启用自动化。请向管理员确认地址。",
      en: "No enabled automation answers at this address. Check the address with your administrator.",
    },
  },
  AUTOMATION_RUN_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "运行记录不存在", en: "Run not found" },
    detail: { "zh-CN": "没有 id 为 {id} 的运行记录。", en: "There is no run with id {id}." },
  },
  AUTOMATION_RUN_NOT_RETRYABLE: {
    status: 409,
    title: { "zh-CN": "运行不能重试", en: "Run cannot be retried" },
    detail: {
      "zh-CN": "只有失败的运行可以重试；这次运行的状态是 {status}。",
      en: "Only a failed run can be retried; this run is {status}.",
    },
  },
});
