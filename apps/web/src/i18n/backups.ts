/** Backup settings for the administrator (zh-CN is the shape; en must match it). */
export const backupsZhCN = {
  nav: "备份",
  title: "备份",
  forbidden: "备份包含全部数据，只有可管理用户且可查看全部数据的管理员可以打开此页面。",
  schedule: {
    title: "定时备份",
    intro: "服务器每天在设定时间自动生成一份备份，写入服务器上的目录，并只保留最近几份。",
    enabled: "启用定时备份",
    time: "备份时间",
    timeHelp: "按组织时区 {{zone}} 计算。服务器在该时间停机时，会在当天重新启动后补做。",
    directory: "服务器目录",
    directoryHelp: "服务器上已存在且可写的绝对路径，例如 /var/backups/keduo。",
    directoryRequired: "启用定时备份时请填写目录",
    retention: "保留份数",
    retentionHelp: "超出的旧备份会被删除（只删除本功能生成的备份文件）。",
    save: "保存",
    saved: "备份设置已保存",
    lastRun: "上次定时备份",
    lastRunNever: "尚未运行",
    lastRunOk: "{{date}} 完成：{{file}}",
    lastRunRunning: "{{date}} 正在运行",
    lastRunFailed: "{{date}} 失败：{{error}}",
  },
  encryption: {
    title: "加密",
    on: "已加密",
    onHelp:
      "服务器设置了备份口令（KEDUO_BACKUP_PASSPHRASE），定时备份均已加密。恢复时需要同一口令，请妥善保存。",
    off: "未加密",
    offHelp:
      "定时备份未加密，其中包含全部记录和密码哈希。如需加密，请在服务器上设置 KEDUO_BACKUP_PASSPHRASE（至少 8 个字符）并重启。",
  },
  files: {
    title: "最近的定时备份",
    name: "文件",
    size: "大小",
    time: "时间（{{zone}}）",
    empty: "目录中还没有定时备份",
    noDirectory: "尚未设置备份目录",
    unreadable: "服务器当前无法读取目录 {{directory}}",
  },
  download: {
    title: "立即下载备份",
    intro:
      "立即生成整个系统的备份并下载到本机。数据较多时可能需要几分钟，请保持页面打开。下载的文件未加密，请妥善保管。",
    button: "下载备份",
    running: "正在生成备份…已接收 {{size}}",
    done: "备份已下载：{{name}}",
    failed: "备份失败：{{reason}}",
  },
  restore: {
    title: "恢复",
    intro:
      "恢复会替换整个系统的数据，因此只能在服务器上通过命令行进行，且服务器必须先停止（这是有意的设计，避免在运行中被覆盖）。",
    steps:
      "步骤：停止服务器 → 运行下面的命令 → 重新启动服务器。加密的备份需要同一口令（--passphrase-file 或 KEDUO_BACKUP_PASSPHRASE）。",
    force: "恢复前会完整校验文件。目标系统不为空时需加 --force 才会替换现有数据。详见 README 的“备份”一节。",
  },
};

export const backupsEn: typeof backupsZhCN = {
  nav: "Backups",
  title: "Backups",
  forbidden:
    "A backup holds all data: only administrators who may manage users and see all data can open this page.",
  schedule: {
    title: "Scheduled backups",
    intro:
      "Every day at the set time the server writes a backup to a directory on the server and keeps only the newest few.",
    enabled: "Enable scheduled backups",
    time: "Time of day",
    timeHelp:
      "In the organisation time zone {{zone}}. If the server is down at that time, it makes the backup when it is back that day.",
    directory: "Server directory",
    directoryHelp: "An absolute path that exists on the server and is writable, e.g. /var/backups/keduo.",
    directoryRequired: "Enter a directory to enable scheduled backups",
    retention: "Backups to keep",
    retentionHelp: "Older backups are deleted (only the backup files this schedule writes).",
    save: "Save",
    saved: "Backup settings saved",
    lastRun: "Last scheduled backup",
    lastRunNever: "Not run yet",
    lastRunOk: "{{date}} finished: {{file}}",
    lastRunRunning: "{{date}} running",
    lastRunFailed: "{{date}} failed: {{error}}",
  },
  encryption: {
    title: "Encryption",
    on: "Encrypted",
    onHelp:
      "The server has a backup passphrase (KEDUO_BACKUP_PASSPHRASE): scheduled backups are encrypted. Restoring needs the same passphrase: keep it safe.",
    off: "Not encrypted",
    offHelp:
      "Scheduled backups are not encrypted and hold every record and password hash. To encrypt them, set KEDUO_BACKUP_PASSPHRASE (at least 8 characters) on the server and restart it.",
  },
  files: {
    title: "Recent scheduled backups",
    name: "File",
    size: "Size",
    time: "Time ({{zone}})",
    empty: "No scheduled backups in the directory yet",
    noDirectory: "No backup directory set yet",
    unreadable: "The server cannot read the directory {{directory}} now",
  },
  download: {
    title: "Download a backup now",
    intro:
      "Makes a backup of the whole installation now and downloads it. With much data this may take a few minutes: keep the page open. The downloaded file is not encrypted: keep it safe.",
    button: "Download a backup",
    running: "Making the backup… {{size}} received",
    done: "Backup downloaded: {{name}}",
    failed: "The backup failed: {{reason}}",
  },
  restore: {
    title: "Restore",
    intro:
      "Restoring replaces the data of the whole installation, so it is done on the server from the command line, with the server stopped (by design: nothing can be overwritten while it runs).",
    steps:
      "Steps: stop the server → run the command below → start the server again. An encrypted backup needs the same passphrase (--passphrase-file or KEDUO_BACKUP_PASSPHRASE).",
    force:
      "The whole file is checked before anything is restored. Into an installation that is not empty, add --force to replace its data. See the Backups section of the README.",
  },
};
