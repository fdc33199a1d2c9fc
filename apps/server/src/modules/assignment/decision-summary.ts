import type { AssignmentRule, Translatable } from "@keduo/core";
import type { Choice } from "./choose-assignee.ts";

/** A decision in words, both languages: which rule matched, who got the record and why them. */
export function decisionSummary(rule: AssignmentRule, choice: Choice): Translatable {
  const n = rule.position + 1;
  const zhRule = `规则 ${n}「${rule.labels["zh-CN"]}」匹配`;
  const enRule = `Rule ${n} “${rule.labels.en}” matched`;
  const chosen = choice.candidates.find((c) => c.user_id === choice.userId);
  if (!chosen) {
    const reason = choice.candidates.length
      ? { zh: "所有人都在休假或已满额", en: "everyone is away or at capacity" }
      : { zh: "分配范围内没有在职人员", en: "the rule names no active people" };
    return {
      "zh-CN": `${zhRule}，但无人可分配（${reason.zh}）`,
      en: `${enRule}, but nobody could take it (${reason.en})`,
    };
  }
  if (rule.strategy === "round_robin")
    return {
      "zh-CN": `${zhRule}；按轮流分配给 ${chosen.name}`,
      en: `${enRule}; ${chosen.name} was next in turn`,
    };
  return {
    "zh-CN": `${zhRule}；${chosen.name} 名下 ${chosen.load} 条未结记录，最少`,
    en: `${enRule}; ${chosen.name} had ${chosen.load} open records, the fewest`,
  };
}
