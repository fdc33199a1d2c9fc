import { defineErrors } from "@keduo/core";

export const BACKUP_ERRORS = defineErrors({
  BACKUP_FAILED: {
    status: 503,
    title: { "zh-CN": "备份失败", en: "Backup failed" },
    detail: {
      "zh-CN": "无法生成备份：{reason}",
      en: "The backup could not be made: {reason}",
    },
  },
  BACKUP_DIRECTORY_UNUSABLE: {
    status: 422,
    title: { "zh-CN": "备份目录不可用", en: "Backup directory unusable" },
    detail: {
      "zh-CN": "服务器无法写入备份目录 {directory}：{reason}。请填写服务器上已存在且可写的绝对路径。",
      en: "The server cannot write to the backup directory {directory}: {reason}. Give an absolute path that exists on the server and is writable.",
    },
  },
});
