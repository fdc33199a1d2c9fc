import { defineErrors } from "@keduo/core";

export const FILES_ERRORS = defineErrors({
  FILE_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "文件不存在", en: "File not found" },
    detail: { "zh-CN": "没有编号为 {id} 的文件。", en: "There is no file with id {id}." },
  },
  FILE_EMPTY: {
    status: 400,
    title: { "zh-CN": "文件为空", en: "Empty file" },
    detail: { "zh-CN": "上传的文件没有内容。", en: "The uploaded file has no content." },
  },
  FILE_TOO_LARGE: {
    status: 413,
    title: { "zh-CN": "文件过大", en: "File too large" },
    detail: {
      "zh-CN": "文件大小为 {size} 字节，超过了 {limit} 字节的上限。",
      en: "The file has {size} bytes, more than the limit of {limit} bytes.",
    },
  },
  FILE_NAME_INVALID: {
    status: 400,
    title: { "zh-CN": "文件名无效", en: "Invalid file name" },
    detail: {
      "zh-CN": "文件名须以 UTF-8 百分号编码放在 X-File-Name 请求头中，不含控制字符，且不超过 {max} 个字符。",
      en: "The file name must be percent-encoded UTF-8 in the X-File-Name header, without control characters, at most {max} characters.",
    },
  },
});
