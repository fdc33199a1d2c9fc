/** Sub-forms (editable child rows inside a record form) and live formulas (zh-CN is the shape; en must match). */
export const subformsZhCN = {
  addRow: "添加一行",
  removeRow: "删除此行",
  rowNumber: "第 {{n}} 行",
  actions: "操作",
  empty: "暂无明细，点击“添加一行”",
  loading: "正在加载明细…",
  rowCount: "共 {{count}} 行",
  rowProblem: "{{list}} 第 {{n}} 行：{{message}}",
  rowConflict:
    "{{list}} 第 {{n}} 行已被他人修改。请刷新页面获取最新版本后再保存；你填写的内容仍保留在表单中。",
  liveHint: "随输入实时计算，保存后以服务器结果为准",
};

export const subformsEn: typeof subformsZhCN = {
  addRow: "Add row",
  removeRow: "Remove this row",
  rowNumber: "Row {{n}}",
  actions: "Actions",
  empty: "No rows yet — click “Add row”",
  loading: "Loading rows…",
  rowCount: "{{count}} rows",
  rowProblem: "{{list}}, row {{n}}: {{message}}",
  rowConflict:
    "Row {{n}} of {{list}} was changed by someone else. Reload the page to get the latest version, then save again; what you typed is still in the form.",
  liveHint: "Computed as you type; the server's result applies once saved",
};
