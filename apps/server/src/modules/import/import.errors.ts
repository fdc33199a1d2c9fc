import { defineErrors } from "@keduo/core";

/** Errors of the import API: hostile or unreadable files are refused with a 4xx before they cost much. */
export const IMPORT_ERRORS = defineErrors({
  IMPORT_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "导入不存在", en: "Import not found" },
    detail: { "zh-CN": "没有编号为 {id} 的导入。", en: "There is no import with id {id}." },
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    title: { "zh-CN": "导入文件过大", en: "Import file too large" },
    detail: {
      "zh-CN": "导入文件最大 {limit} 字节。",
      en: "Import files may have at most {limit} bytes.",
    },
  },
  IMPORT_FILE_TYPE: {
    status: 415,
    title: { "zh-CN": "不支持的文件类型", en: "Unsupported file type" },
    detail: {
      "zh-CN": "只能导入 .xlsx 工作簿或 .csv 文本文件（{reason}）。",
      en: "Only .xlsx workbooks and .csv text files can be imported ({reason}).",
    },
  },
  IMPORT_ZIP_BOMB: {
    status: 422,
    title: { "zh-CN": "工作簿可疑", en: "Suspicious workbook" },
    detail: {
      "zh-CN": "工作簿解压后过大或压缩比异常（{reason}），已拒绝。",
      en: "The workbook would expand too much or has an abnormal compression ratio ({reason}); it was refused.",
    },
  },
  IMPORT_MALFORMED: {
    status: 422,
    title: { "zh-CN": "文件已损坏", en: "Malformed file" },
    detail: {
      "zh-CN": "无法读取该文件：{reason}。",
      en: "The file cannot be read: {reason}.",
    },
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 422,
    title: { "zh-CN": "行数过多", en: "Too many rows" },
    detail: {
      "zh-CN": "一次最多导入 {max} 行，该文件超过了上限。",
      en: "At most {max} rows can be imported at once; this file has more.",
    },
  },
  IMPORT_NO_DATA: {
    status: 422,
    title: { "zh-CN": "没有数据", en: "No data" },
    detail: {
      "zh-CN": "在文件中没有找到表头和数据行。",
      en: "No header row and data rows were found in the file.",
    },
  },
  IMPORT_SHEET_NOT_FOUND: {
    status: 400,
    title: { "zh-CN": "工作表不存在", en: "Sheet not found" },
    detail: {
      "zh-CN": "工作簿中没有名为 {sheet} 的工作表。",
      en: "The workbook has no sheet named {sheet}.",
    },
  },
  IMPORT_INVALID_MAPPING: {
    status: 400,
    title: { "zh-CN": "字段映射有误", en: "Invalid mapping" },
    detail: { "zh-CN": "字段映射中有 {count} 处错误。", en: "The mapping has {count} problem(s)." },
  },
  IMPORT_UNDO_EXPIRED: {
    status: 409,
    title: { "zh-CN": "导入已无法撤销", en: "Import can no longer be undone" },
    detail: {
      "zh-CN": "导入完成 {days} 天内可以撤销，撤销期限已于 {until} 结束。",
      en: "An import can be undone for {days} days after it completed; that ended at {until}.",
    },
  },
  IMPORT_WRONG_STATE: {
    status: 409,
    title: { "zh-CN": "导入状态不允许此操作", en: "Not possible in this import state" },
    detail: {
      "zh-CN": "导入当前状态为 {status}，无法{action}。",
      en: "The import is {status}; it cannot {action} now.",
    },
  },
});
