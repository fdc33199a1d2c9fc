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
  // One code per cause, so the whole message is in the user's language (no English system reason inside).
  BACKUP_DIRECTORY_NOT_ABSOLUTE: {
    status: 422,
    title: { "zh-CN": "备份目录必须是绝对路径", en: "Backup directory must be an absolute path" },
    detail: {
      "zh-CN": "“{directory}”不是绝对路径。请填写服务器上的完整路径，例如 /var/backups/keduo。",
      en: "“{directory}” is not an absolute path. Give the full path on the server, e.g. /var/backups/keduo.",
    },
  },
  BACKUP_DIRECTORY_MISSING: {
    status: 422,
    title: { "zh-CN": "备份目录不存在", en: "Backup directory does not exist" },
    detail: {
      "zh-CN": "服务器上没有目录 {directory}。请先在服务器上创建它。",
      en: "There is no directory {directory} on the server. Create it on the server first.",
    },
  },
  BACKUP_DIRECTORY_NOT_WRITABLE: {
    status: 422,
    title: { "zh-CN": "备份目录不可写", en: "Backup directory not writable" },
    detail: {
      "zh-CN": "服务器无法写入目录 {directory}。请让运行 Keduo 的系统用户对它有写权限。",
      en: "The server cannot write to {directory}. Give the system user that runs Keduo write access to it.",
    },
  },
});
