import type { Messages } from "./messages.ts";

/** Converting a record into others: a lead into an account, a contact and an opportunity (zh-CN is the shape). */
export const conversionZhCN = {
  open: "转化",
  title: "转化{{object}}“{{title}}”",
  intro: "一步创建下列记录，并与本{{object}}关联。发现可能重复的记录时，可以直接关联到已有记录。",
  checking: "正在检查重复记录…",
  create: "新建{{object}}",
  attach: "关联到已有记录",
  duplicates: "发现 {{count}} 条可能重复的{{object}}",
  matchedBy: "相同：{{fields}}",
  include: "同时创建",
  skipped: "不创建{{object}}",
  optional: "可选",
  submit: "转化",
  cancel: "取消",
  converted: "转化完成：已{{what}}",
  createdPart: "新建{{object}}",
  attachedPart: "关联到已有{{object}}",
  partSeparator: "，",
  failed: "未能转化，请按提示修改",
  linkedTo: "关联到{{target}}",
};

export const conversionEn: Messages["conversion"] = {
  open: "Convert",
  title: "Convert {{object}} “{{title}}”",
  intro:
    "Creates the records below in one step, linked to this {{object}}. Where a record may already exist, attach to it instead.",
  checking: "Looking for duplicates…",
  create: "Create a new {{object}}",
  attach: "Attach to an existing record",
  duplicates: "{{count}} possible duplicate(s) found",
  matchedBy: "Same {{fields}}",
  include: "Create one",
  skipped: "No {{object}} will be created",
  optional: "Optional",
  submit: "Convert",
  cancel: "Cancel",
  converted: "Converted: {{what}}",
  createdPart: "created the {{object}}",
  attachedPart: "attached the existing {{object}}",
  partSeparator: ", ",
  failed: "Not converted: see what to fix",
  linkedTo: "Linked to the {{target}}",
};
