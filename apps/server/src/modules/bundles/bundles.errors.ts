import { defineErrors, type Translatable } from "@keduo/core";

export const BUNDLE_ERRORS = defineErrors({
  BUNDLE_REFUSED: {
    status: 422,
    title: { "zh-CN": "配置包被拒绝", en: "Bundle refused" },
    detail: {
      "zh-CN": "配置包有 {count} 个问题，未做任何更改。errors 列出每个问题所在的文件和位置。",
      en: "The bundle has {count} problem(s); nothing was changed. errors lists each one with its file and place.",
    },
  },
});

/**
 * Messages of bundle problems the shared issue codes do not cover; they travel inline on the issue
 * (FieldIssue.message) with `{param}` placeholders filled from its params.
 */
export const BUNDLE_ISSUE_MESSAGES = {
  unknown_kind: {
    "zh-CN": "未知的配置类型“{kind}”",
    en: "Unknown kind of configuration “{kind}”",
  },
  unknown_file: {
    "zh-CN": "配置包中不应有文件 {path}",
    en: "{path} is not a file a bundle may hold",
  },
  unsafe_path: {
    "zh-CN": "文件路径不安全（不能含 ..、\\ 或以 / 开头）",
    en: "Unsafe file path (no .., \\ or leading /)",
  },
  file_too_large: {
    "zh-CN": "文件超过 {max} 字节",
    en: "The file is larger than {max} bytes",
  },
  too_many_files: { "zh-CN": "文件数超过 {max} 个", en: "More than {max} files" },
  invalid_json: { "zh-CN": "不是有效的 JSON：{reason}", en: "Not valid JSON: {reason}" },
  missing_manifest: {
    "zh-CN": "缺少 bundle.json（名称、版本和配置类型）",
    en: "bundle.json (name, version and kinds) is missing",
  },
  object_refused: {
    "zh-CN": "所属对象 {object} 被拒绝，此项未应用",
    en: "Not applied: its object {object} was refused",
  },
} satisfies Record<string, Translatable>;

export type BundleIssueCode = keyof typeof BUNDLE_ISSUE_MESSAGES;
