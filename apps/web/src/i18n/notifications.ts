import type { Messages } from "./messages.ts";

/** The bell and the notification inbox (zh-CN is the shape). */
export const notificationsZhCN = {
  bell: "通知",
  unreadCount: "{{count}} 条未读",
  title: "通知",
  subtitle: "自动化和提醒发给我的消息，点击打开相关记录",
  all: "全部",
  unread: "未读",
  markRead: "标为已读",
  markAllRead: "全部标为已读",
  allMarked: "已全部标为已读",
  empty: "还没有通知",
  emptyUnread: "没有未读通知",
  viewAll: "查看全部通知",
  unreadDot: "未读",
};

export const notificationsEn: Messages["notifications"] = {
  bell: "Notifications",
  unreadCount: "{{count}} unread",
  title: "Notifications",
  subtitle: "What automations and reminders sent me; open one to go to its record",
  all: "All",
  unread: "Unread",
  markRead: "Mark as read",
  markAllRead: "Mark all as read",
  allMarked: "All marked as read",
  empty: "No notifications yet",
  emptyUnread: "No unread notifications",
  viewAll: "See all notifications",
  unreadDot: "Unread",
};
