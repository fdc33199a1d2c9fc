import { defineErrors } from "@keduo/core";

export const HTTP_ERRORS = defineErrors({
  UNAUTHENTICATED: {
    status: 401,
    title: { "zh-CN": "未登录", en: "Not signed in" },
    detail: { "zh-CN": "请先登录，或提供有效的 API 令牌。", en: "Sign in first, or send a valid API token." },
  },
  FORBIDDEN: {
    status: 403,
    title: { "zh-CN": "无权限", en: "Forbidden" },
    detail: { "zh-CN": "你没有执行此操作的权限。", en: "You do not have permission to do this." },
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    title: { "zh-CN": "安全校验失败", en: "Security check failed" },
    detail: {
      "zh-CN": "请求缺少有效的 X-CSRF-Token 请求头，请刷新页面后重试。",
      en: "The request lacks a valid X-CSRF-Token header; reload the page and retry.",
    },
  },
});
