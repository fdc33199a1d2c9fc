import type { Messages } from "./messages.ts";

/** The task inbox ("我的待办"): what is due, one click to done (zh-CN is the shape). */
export const tasksZhCN = {
  nav: "我的待办",
  title: "我的待办",
  subtitle: "分配给我的待办，按截止日期排列",
  overdue: "已逾期",
  today: "今天",
  upcoming: "即将到期",
  doneToday: "今天已完成",
  noDueDate: "无截止日期",
  emptyGroup: "没有待办",
  unavailable: "还没有“待办”对象：管理员应用 CRM 模板或创建 task 对象后，这里会显示分配给你的待办。",
  markDone: "标记完成",
  reopen: "重新打开",
  done: "已完成“{{subject}}”",
  undo: "撤销",
  undone: "已恢复为待办",
  newTask: "新建待办",
  viewAll: "全部待办",
  overdueDays_one: "逾期 {{count}} 天",
  overdueDays_other: "逾期 {{count}} 天",
  dueCount: "{{count}} 项今天及逾期",
};

export const tasksEn: Messages["tasks"] = {
  nav: "My tasks",
  title: "My tasks",
  subtitle: "Tasks assigned to me, by due date",
  overdue: "Overdue",
  today: "Today",
  upcoming: "Upcoming",
  doneToday: "Done today",
  noDueDate: "No due date",
  emptyGroup: "Nothing here",
  unavailable:
    "There is no task object yet: once an admin applies the CRM template or creates a task object, your tasks show here.",
  markDone: "Mark done",
  reopen: "Reopen",
  done: "Done: “{{subject}}”",
  undo: "Undo",
  undone: "Back on your list",
  newTask: "New task",
  viewAll: "All tasks",
  overdueDays_one: "{{count}} day overdue",
  overdueDays_other: "{{count}} days overdue",
  dueCount: "{{count}} due today or overdue",
};
