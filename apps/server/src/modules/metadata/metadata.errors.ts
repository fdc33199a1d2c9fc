import { defineErrors } from "@keduo/core";

export const METADATA_ERRORS = defineErrors({
  OBJECT_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "对象不存在", en: "Object not found" },
    detail: { "zh-CN": "没有名为 {object} 的对象。", en: "There is no object named {object}." },
  },
  FIELD_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "字段不存在", en: "Field not found" },
    detail: {
      "zh-CN": "对象 {object} 没有名为 {field} 的字段。",
      en: "Object {object} has no field named {field}.",
    },
  },
  OBJECT_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "对象名称已存在", en: "Object name taken" },
    detail: { "zh-CN": "已经有名为 {object} 的对象。", en: "An object named {object} already exists." },
  },
  FIELD_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "字段名称已存在", en: "Field name taken" },
    detail: {
      "zh-CN": "对象 {object} 已有名为 {field} 的字段或关联。",
      en: "Object {object} already has a field or relation named {field}.",
    },
  },
  FIELD_CHANGE_REFUSED: {
    status: 409,
    title: { "zh-CN": "字段变更会破坏数据", en: "Field change would break data" },
    detail: {
      "zh-CN": "有 {count} 条记录不满足新设置（{reason}），未做任何更改。请先修正这些记录。",
      en: "{count} record(s) do not fit the new settings ({reason}); nothing was changed. Fix those records first.",
    },
  },
  FIELD_TYPE_CHANGE_UNSUPPORTED: {
    status: 400,
    title: { "zh-CN": "不支持的类型转换", en: "Unsupported type change" },
    detail: { "zh-CN": "字段不能从 {from} 改为 {to}。", en: "A field cannot change from {from} to {to}." },
  },
  FIELD_NOT_HIDDEN: {
    status: 409,
    title: { "zh-CN": "字段未删除", en: "Field is not deleted" },
    detail: {
      "zh-CN": "只有已删除（隐藏）的字段才能彻底清除或恢复。",
      en: "Only a deleted (hidden) field can be purged or restored.",
    },
  },
  OBJECT_IN_USE: {
    status: 409,
    title: { "zh-CN": "对象仍被引用", en: "Object is still referenced" },
    detail: {
      "zh-CN": "对象 {object} 仍被这些关联字段引用：{references}。请先删除它们。",
      en: "Object {object} is still referenced by these relation fields: {references}. Purge them first.",
    },
  },
});
