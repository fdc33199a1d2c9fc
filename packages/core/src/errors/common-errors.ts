import { defineErrors } from "./catalog.ts";

export const COMMON_ERRORS = defineErrors({
  VALIDATION_FAILED: {
    status: 400,
    title: { "zh-CN": "输入有误", en: "Invalid input" },
    detail: {
      "zh-CN": "请求中有 {count} 处错误，请修正后重试。",
      en: "The request has {count} problem(s); fix them and retry.",
    },
  },
  BAD_REQUEST: {
    status: 400,
    title: { "zh-CN": "请求格式错误", en: "Malformed request" },
    detail: { "zh-CN": "请求无法解析：{reason}", en: "The request could not be understood: {reason}" },
  },
  NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "未找到", en: "Not found" },
    detail: { "zh-CN": "请求的资源不存在。", en: "The requested resource does not exist." },
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "接口不存在", en: "No such endpoint" },
    detail: { "zh-CN": "没有 {method} {url} 这个接口。", en: "There is no endpoint {method} {url}." },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: { "zh-CN": "请求体过大", en: "Payload too large" },
    detail: {
      "zh-CN": "请求体超过了 {limit} 字节的上限。",
      en: "The request body exceeds the limit of {limit} bytes.",
    },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: { "zh-CN": "不支持的内容类型", en: "Unsupported media type" },
    detail: { "zh-CN": "不支持内容类型 {type}。", en: "Content type {type} is not supported." },
  },
  RATE_LIMITED: {
    status: 429,
    title: { "zh-CN": "请求过于频繁", en: "Too many requests" },
    detail: { "zh-CN": "请在 {retry_after} 秒后重试。", en: "Retry in {retry_after} seconds." },
  },
  INTERNAL_ERROR: {
    status: 500,
    title: { "zh-CN": "服务器内部错误", en: "Internal server error" },
    detail: {
      "zh-CN": "服务器出错了，已记录日志（编号 {request_id}）。",
      en: "Something went wrong on the server; it was logged (reference {request_id}).",
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: { "zh-CN": "服务暂不可用", en: "Service unavailable" },
    detail: {
      "zh-CN": "数据库暂时无法访问，请稍后重试。",
      en: "The database is not reachable right now; retry shortly.",
    },
  },
});
