import type { Translatable } from "@keduo/core";

/** A `{ zh-CN, en }` label, as metadata takes it. */
export const label = (zh: string, en: string): Translatable => ({ "zh-CN": zh, en });

/** Company names are made of a word and a suffix: 星辰科技有限公司. */
export const COMPANY_WORDS = [
  "星辰",
  "华信",
  "远航",
  "创新",
  "东方",
  "博雅",
  "万通",
  "恒泰",
  "金桥",
  "新锐",
  "天成",
  "海纳",
];
export const COMPANY_SUFFIXES = [
  "科技有限公司",
  "贸易有限公司",
  "信息技术有限公司",
  "实业有限公司",
  "咨询有限公司",
];
