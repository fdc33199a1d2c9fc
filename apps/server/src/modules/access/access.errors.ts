import { defineErrors } from "@keduo/core";

export const ACCESS_ERRORS = defineErrors({
  ROLE_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "角色不存在", en: "Role not found" },
    detail: { "zh-CN": "没有名为 {role} 的角色。", en: "There is no role named {role}." },
  },
  ROLE_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "角色名称已存在", en: "Role name taken" },
    detail: { "zh-CN": "已经有名为 {role} 的角色。", en: "A role named {role} already exists." },
  },
  SYSTEM_ROLE_PROTECTED: {
    status: 409,
    title: { "zh-CN": "系统角色不能删除", en: "System role is protected" },
    detail: {
      "zh-CN": "系统角色 {role} 不能删除，管理员角色的权限也不能修改。",
      en: "System role {role} cannot be deleted, and the admin role's permissions cannot be changed.",
    },
  },
  ROLE_IN_USE: {
    status: 409,
    title: { "zh-CN": "角色仍在使用", en: "Role in use" },
    detail: {
      "zh-CN": "还有 {count} 位用户拥有角色 {role}。",
      en: "{count} user(s) still hold role {role}.",
    },
  },
  DEPARTMENT_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "部门不存在", en: "Department not found" },
    detail: { "zh-CN": "部门不存在。", en: "The department does not exist." },
  },
  DEPARTMENT_NOT_EMPTY: {
    status: 409,
    title: { "zh-CN": "部门不为空", en: "Department not empty" },
    detail: {
      "zh-CN": "部门下还有子部门或成员，请先移走。",
      en: "The department still has sub-departments or members; move them first.",
    },
  },
});
