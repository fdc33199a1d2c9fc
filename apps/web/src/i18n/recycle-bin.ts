import type { Messages } from "./messages.ts";

/** The recycle bins: one object's (from its list) and every object's (from the navigation). */
export const recycleBinZhCN = {
  open: "回收站",
  title: "{{object}}回收站",
  heading: "回收站",
  explain: "删除的记录保留在这里，可以恢复；彻底删除后无法找回。",
  deletedAt: "删除时间",
  deletedBy: "删除人",
  restore: "恢复",
  restored: "已恢复“{{title}}”",
  purge: "彻底删除",
  purgeConfirm: "彻底删除这条记录？",
  purgeDetail: "彻底删除后无法恢复，附件和历史也会一并删除。",
  purged: "已彻底删除“{{title}}”",
  empty: "回收站是空的",
  all: {
    nav: "回收站",
    explain: "所有对象中你可以恢复的已删除记录，最近删除的在前。恢复后记录回到原来的列表。",
    record: "记录",
    object: "对象",
    owner: "负责人",
    allObjects: "全部对象",
    deletedFrom: "删除日期从",
    deletedTo: "至",
    noneMatch: "没有符合条件的已删除记录",
  },
};

export const recycleBinEn: Messages["recycleBin"] = {
  open: "Recycle bin",
  title: "{{object}} recycle bin",
  heading: "Recycle bin",
  explain:
    "Deleted records stay here and can be restored; a record deleted permanently cannot be brought back.",
  deletedAt: "Deleted",
  deletedBy: "Deleted by",
  restore: "Restore",
  restored: "“{{title}}” restored",
  purge: "Delete permanently",
  purgeConfirm: "Delete this record permanently?",
  purgeDetail: "It cannot be restored afterwards; its attachments and history go with it.",
  purged: "“{{title}}” deleted permanently",
  empty: "The recycle bin is empty",
  all: {
    nav: "Recycle bin",
    explain:
      "Deleted records of every object that you can restore, most recently deleted first. A restored record goes back to its list.",
    record: "Record",
    object: "Object",
    owner: "Owner",
    allObjects: "All objects",
    deletedFrom: "Deleted from",
    deletedTo: "to",
    noneMatch: "No deleted records match",
  },
};
