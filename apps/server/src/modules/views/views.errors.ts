import { defineErrors } from "@keduo/core";

export const VIEW_ERRORS = defineErrors({
  VIEW_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "视图不存在", en: "View not found" },
    detail: {
      "zh-CN": "{object} 没有 id 为 {id} 的视图，或你无权查看它。",
      en: "{object} has no view with id {id}, or you may not see it.",
    },
  },
  VIEW_VERSION_CONFLICT: {
    status: 412,
    title: { "zh-CN": "视图已被他人修改", en: "View was changed by someone else" },
    detail: {
      "zh-CN": "你修改的是第 {expected} 版，但视图现在是第 {actual} 版。请重新加载视图后再保存。",
      en: "You changed version {expected}, but the view is now at version {actual}. Reload the view and save again.",
    },
  },
  VIEW_SHARING_FORBIDDEN: {
    status: 403,
    title: { "zh-CN": "无权管理共享视图", en: "Not allowed to manage shared views" },
    detail: {
      "zh-CN": "创建、修改或删除共享视图需要“管理元数据”权限。你可以另存为个人视图。",
      en: "Creating, changing or deleting a shared view needs the “manage metadata” permission. Save it as a personal view instead.",
    },
  },
});
