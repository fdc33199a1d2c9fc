import type { Messages } from "./messages.ts";

/** Exporting a list to Excel / CSV (zh-CN is the shape; en must match). */
export const exportZhCN = {
  button: "导出",
  excel: "Excel（.xlsx）",
  csv: "CSV（.csv）",
  hint: "导出当前视图：筛选条件、排序和显示的列",
  running: "正在导出…",
  done: "已导出 {{name}}",
  failed: "导出失败：{{reason}}",
};

export const exportEn: Messages["export"] = {
  button: "Export",
  excel: "Excel (.xlsx)",
  csv: "CSV (.csv)",
  hint: "Exports the current view: its filter, sort and columns",
  running: "Exporting…",
  done: "Exported {{name}}",
  failed: "Export failed: {{reason}}",
};
