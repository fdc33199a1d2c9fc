import { defineErrors } from "@keduo/core";

export const AUTH_ERRORS = defineErrors({
  INVALID_CREDENTIALS: {
    status: 401,
    title: { "zh-CN": "登录失败", en: "Sign-in failed" },
    // One text for unknown email, wrong password and disabled account: the answer must not reveal which.
    detail: { "zh-CN": "邮箱或密码不正确。", en: "The email or password is incorrect." },
  },
  USER_EMAIL_TAKEN: {
    status: 409,
    title: { "zh-CN": "邮箱已被使用", en: "Email already in use" },
    detail: {
      "zh-CN": "已有用户使用邮箱 {email}。",
      en: "Another user already has the email {email}.",
    },
  },
  CANNOT_DISABLE_SELF: {
    status: 409,
    title: { "zh-CN": "不能停用自己", en: "Cannot disable yourself" },
    detail: {
      "zh-CN": "管理员不能停用自己的账号，请让另一位管理员操作。",
      en: "An administrator cannot disable their own account; ask another administrator.",
    },
  },
  LAST_ADMIN_REQUIRED: {
    status: 409,
    title: { "zh-CN": "至少需要一位管理员", en: "At least one administrator is required" },
    detail: {
      "zh-CN": "此操作会使系统没有可用的管理员。请先将管理员角色授予另一位在用用户。",
      en: "This would leave no active administrator. Give the admin role to another active user first.",
    },
  },
});
