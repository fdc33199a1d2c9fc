import { defineErrors } from "@keduo/core";

export const RECORD_ERRORS = defineErrors({
  AGGREGATE_TOO_MANY_GROUPS: {
    status: 422,
    title: { "zh-CN": "分组过多", en: "Too many groups" },
    detail: {
      "zh-CN": "结果超过 {limit} 个分组。请加筛选条件、减少分组字段或选用更粗的日期粒度。",
      en: "The result has more than {limit} groups. Narrow the filter, group by fewer fields or use a coarser date bucket.",
    },
  },
  RECORD_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "记录不存在", en: "Record not found" },
    detail: {
      "zh-CN": "{object} 中没有 id 为 {id} 的记录。",
      en: "There is no {object} record with id {id}.",
    },
  },
  RECORD_VERSION_CONFLICT: {
    status: 412,
    title: { "zh-CN": "记录已被他人修改", en: "Record was changed by someone else" },
    detail: {
      "zh-CN": "你编辑的是第 {expected} 版，但记录现在是第 {actual} 版。请重新加载后再修改。",
      en: "You edited version {expected}, but the record is now at version {actual}. Reload it and apply your change again.",
    },
  },
  RECORD_UNIQUE_CONFLICT: {
    status: 409,
    title: { "zh-CN": "值重复", en: "Duplicate value" },
    detail: {
      "zh-CN": "字段 {field} 的值必须唯一，已有记录使用了该值。",
      en: "Field {field} must be unique and another record already has this value.",
    },
  },
  RECORD_RESTORE_CONFLICT: {
    status: 409,
    title: { "zh-CN": "无法恢复记录", en: "Record cannot be restored" },
    detail: {
      "zh-CN": "恢复后字段 {field} 的值会与其他记录重复，请先修改其中一条。",
      en: "Restoring would duplicate the value of field {field} held by another record; change one of them first.",
    },
  },
  RECORD_NOT_DELETED: {
    status: 409,
    title: { "zh-CN": "记录未删除", en: "Record is not deleted" },
    detail: { "zh-CN": "只有已删除的记录才能恢复。", en: "Only a deleted record can be restored." },
  },
  RECORD_ALREADY_OWNED: {
    status: 409,
    title: { "zh-CN": "记录已有负责人", en: "Record already has an owner" },
    detail: {
      "zh-CN": "{object} 记录 {id} 已有负责人，只能领取没有负责人的记录。",
      en: "The {object} record {id} already has an owner; only unowned records can be claimed.",
    },
  },
  RECORD_OWNER_FORBIDDEN: {
    status: 403,
    title: { "zh-CN": "无权指定负责人", en: "Not allowed to choose the owner" },
    detail: {
      "zh-CN": "把 {object} 记录交给他人或设为无负责人，需要“转移记录”权限或该对象的“修改全部”权限。",
      en: "Giving a {object} record to someone else, or leaving it unowned, needs the “transfer records” permission or “modify all” on the object.",
    },
  },
  ACTING_USER_INACTIVE: {
    status: 403,
    title: { "zh-CN": "代为操作的用户不可用", en: "Acting user unavailable" },
    detail: {
      "zh-CN": "以用户 {user} 的身份写入失败：该用户不存在或已停用。",
      en: "Cannot write on behalf of user {user}: the user does not exist or is disabled.",
    },
  },
  INVALID_SORT: {
    status: 400,
    title: { "zh-CN": "排序参数有误", en: "Invalid sort" },
    detail: { "zh-CN": "无法按 {field} 排序。", en: "Cannot sort by {field}." },
  },
  INVALID_CURSOR: {
    status: 400,
    title: { "zh-CN": "分页游标无效", en: "Invalid cursor" },
    detail: {
      "zh-CN": "游标已失效或与当前排序不匹配，请从第一页重新开始。",
      en: "The cursor is invalid or does not match the current sort; start again from the first page.",
    },
  },
  BULK_TOO_LARGE: {
    status: 400,
    title: { "zh-CN": "批量操作过大", en: "Bulk request too large" },
    detail: {
      "zh-CN": "一次最多处理 {max} 条记录（收到 {count} 条）。",
      en: "At most {max} records per call (got {count}).",
    },
  },
});
