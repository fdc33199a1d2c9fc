import type { Messages } from "./messages.ts";

/** The working calendar for the administrator (zh-CN is the shape; en must match it). */
export const calendarZhCN = {
  nav: "工作日历",
  title: "工作日历",
  forbidden: "工作日历是系统配置，只有可以管理配置（对象设计器）的管理员可以打开此页面。",
  intro:
    "默认周一至周五上班、周六和周日休息；法定节假日和调休上班日来自国务院的放假安排（{{source}}）。按工作日计算的提醒和自动化都以此为准。点击日期可修改。",
  notLoaded:
    "{{year}} 年的法定节假日尚未载入：国务院通常在前一年秋季公布放假安排，升级客多后会自动载入。在此之前可以手动设置。",
  previousYear: "上一年",
  nextYear: "下一年",
  yearLabel: "{{year}} 年",
  weekdays: "一,二,三,四,五,六,日",
  legend: {
    holiday: "休息（节假日）",
    makeUp: "调休上班",
    weekend: "周末",
    custom: "管理员设置",
  },
  badge: { holiday: "休", makeUp: "班" },
  list: {
    title: "{{year}} 年的节假日与调休",
    empty: "这一年没有设置节假日或调休，全部按默认规则",
    range: "{{from}}至{{to}}",
    days_one: "{{count}} 天",
    days_other: "{{count}} 天",
  },
  kind: {
    holiday: "休息日",
    makeUp: "调休上班",
    working: "工作日",
    weekend: "周末休息",
  },
  source: { "chinese-days": "法定安排", admin: "管理员设置" },
  editor: {
    current: "当前",
    byRule: "按默认规则",
    working: "上班",
    dayOff: "休息",
    nameZh: "名称（中文）",
    nameEn: "名称（英文）",
    namePlaceholderZh: "如：公司年会",
    namePlaceholderEn: "e.g. Company offsite",
    reset: "恢复默认规则",
    resetHelp: "删除此日的设置，按周一至周五上班计算。",
    saved: "{{date}} 已保存",
    wasReset: "{{date}} 已恢复默认规则",
  },
};

export const calendarEn: Messages["calendar"] = {
  nav: "Working calendar",
  title: "Working calendar",
  forbidden:
    "The working calendar is configuration: only administrators who may manage the configuration (the object designer) can open this page.",
  intro:
    "Monday to Friday are working days and weekends are off; public holidays and make-up working days (调休) come from the State Council's schedule ({{source}}). Business-day reminders and automations count with this calendar. Click a day to change it.",
  notLoaded:
    "The public holidays of {{year}} are not loaded yet: the State Council usually publishes them in the autumn before, and upgrading Keduo loads them. Until then you can set days by hand.",
  previousYear: "Previous year",
  nextYear: "Next year",
  yearLabel: "{{year}}",
  weekdays: "Mo,Tu,We,Th,Fr,Sa,Su",
  legend: {
    holiday: "Day off (holiday)",
    makeUp: "Make-up working day",
    weekend: "Weekend",
    custom: "Set by an admin",
  },
  badge: { holiday: "Off", makeUp: "Work" },
  list: {
    title: "Holidays and make-up days in {{year}}",
    empty: "No holidays or make-up days set this year: every day follows the default rule",
    range: "{{from}} – {{to}}",
    days_one: "{{count}} day",
    days_other: "{{count}} days",
  },
  kind: {
    holiday: "Day off",
    makeUp: "Make-up working day",
    working: "Working day",
    weekend: "Weekend",
  },
  source: { "chinese-days": "Official", admin: "Set by an admin" },
  editor: {
    current: "Now",
    byRule: "by the default rule",
    working: "Working day",
    dayOff: "Day off",
    nameZh: "Name (Chinese)",
    nameEn: "Name (English)",
    namePlaceholderZh: "如：公司年会",
    namePlaceholderEn: "e.g. Company offsite",
    reset: "Back to the default rule",
    resetHelp: "Removes this day's setting: it counts as Monday–Friday says.",
    saved: "{{date}} saved",
    wasReset: "{{date}} is back to the default rule",
  },
};
