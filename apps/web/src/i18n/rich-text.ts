/** The rich-text editor's toolbar and link dialog (zh-CN is the shape; en must match). */
export const richTextZhCN = {
  toolbar: "格式工具栏",
  editor: "富文本编辑区",
  bold: "加粗",
  italic: "斜体",
  underline: "下划线",
  bulletList: "项目符号列表",
  numberedList: "编号列表",
  link: "链接",
  clear: "清除格式",
  linkUrl: "链接地址",
  linkInvalid: "请输入以 http://、https://、mailto: 或 tel: 开头的地址",
  linkApply: "确定",
  linkRemove: "移除链接",
  loading: "正在加载编辑器…",
};

export const richTextEn: typeof richTextZhCN = {
  toolbar: "Formatting",
  editor: "Rich text editor",
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  bulletList: "Bulleted list",
  numberedList: "Numbered list",
  link: "Link",
  clear: "Clear formatting",
  linkUrl: "Link address",
  linkInvalid: "Enter an address starting with http://, https://, mailto: or tel:",
  linkApply: "Apply",
  linkRemove: "Remove link",
  loading: "Loading the editor…",
};
