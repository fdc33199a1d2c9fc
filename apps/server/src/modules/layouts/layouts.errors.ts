import { defineErrors, type Translatable } from "@keduo/core";

export const LAYOUT_ERRORS = defineErrors({
  LAYOUT_VERSION_CONFLICT: {
    status: 412,
    title: { "zh-CN": "布局已被他人修改", en: "Layout was changed by someone else" },
    detail: {
      "zh-CN": "你编辑的是第 {expected} 版布局，但它现在是第 {actual} 版。请重新加载后再修改。",
      en: "You edited version {expected} of the layout, but it is now at version {actual}. Reload it and apply your change again.",
    },
  },
});

/**
 * Field-level messages of layout problems that the shared issue codes do not say well. They travel inline
 * on the issue (FieldIssue.message), with `{param}` placeholders filled from its params.
 */
export const LAYOUT_ISSUE_MESSAGES = {
  invalid_subform: {
    "zh-CN": "{object}.{field} 不是指向 {target} 的多对一关联，不能作为子表单",
    en: "{object}.{field} is not a many-to-one relation pointing at {target}, so it cannot be a sub-form",
  },
  unknown_object: { "zh-CN": "没有名为 {name} 的对象", en: "There is no object named {name}" },
  duplicate_field: {
    "zh-CN": "字段 {name} 在布局中出现了多次",
    en: "Field {name} is placed more than once in the layout",
  },
  duplicate_subform: {
    "zh-CN": "子表单 {name} 在布局中出现了多次",
    en: "Sub-form {name} is placed more than once in the layout",
  },
  no_sections: { "zh-CN": "布局至少需要一个分组", en: "A layout needs at least one section" },
} satisfies Record<string, Translatable>;
