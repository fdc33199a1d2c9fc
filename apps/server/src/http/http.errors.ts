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
  TOKEN_SCOPE_INSUFFICIENT: {
    status: 403,
    title: { "zh-CN": "令牌权限不足", en: "Token scope insufficient" },
    detail: {
      "zh-CN": "此 API 令牌只有读取权限，不能修改数据。",
      en: "This API token may only read; it cannot change anything.",
    },
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
