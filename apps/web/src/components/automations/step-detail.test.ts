import {
  type Locale,
  RUN_ERRORS,
  type RunStep,
  type StepNote,
  type StepProblem,
  type Translatable,
} from "@keduo/core";
import i18next, { type TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import type { ObjectMeta } from "../../api/types.ts";
import { en } from "../../i18n/en.ts";
import { zhCN } from "../../i18n/zh-cn.ts";
import { runError, runTrigger, type StepWords, stepDetail, stepError, stepRecord } from "./step-detail.ts";

const i18n = i18next.createInstance();
await i18n.init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: "zh-CN",
  interpolation: { escapeValue: false },
});

const field = (api_name: string, zh: string, english: string, target?: string) => ({
  api_name,
  labels: { "zh-CN": zh, en: english },
  config: target ? { relation: { target } } : {},
});
const account = {
  api_name: "account",
  labels: { "zh-CN": "客户", en: "Account" },
  fields: [field("tier", "等级", "Tier"), field("main_contact", "主要联系人", "Main contact", "contact")],
} as unknown as ObjectMeta;
const contact = {
  api_name: "contact",
  labels: { "zh-CN": "联系人", en: "Contact" },
  fields: [field("email", "邮箱", "Email")],
} as unknown as ObjectMeta;

function words(language: Locale): StepWords {
  return {
    t: i18n.getFixedT(language) as TFunction,
    label: (label) => (label as Translatable | undefined)?.[language] ?? "",
    language,
    meta: account,
    objects: [account, contact],
  };
}

const step = (note: StepNote | undefined, detail: string | null = "English words"): RunStep => ({
  action: 0,
  kind: "send_email",
  outcome: "done",
  detail,
  ...(note ? { note } : {}),
  error: null,
  ms: 3,
});

const both = (note: StepNote) => [
  stepDetail(step(note), words("zh-CN")),
  stepDetail(step(note), words("en")),
];

describe("a run step's detail in the reader's language", () => {
  it("names fields by their labels, a relation's field as the related object's", () => {
    expect(both({ code: "fields_updated", params: { fields: ["tier", "owner_id"] } })).toEqual([
      "已更新 等级、记录负责人",
      "Updated Tier, Record owner",
    ]);
    expect(both({ code: "no_address", params: { field: "email", via: "main_contact" } })).toEqual([
      "主要联系人的邮箱为空，未发送邮件",
      "No Email of Main contact: no email sent",
    ]);
    expect(both({ code: "record_created", params: { object: "contact", id: "0190" } })).toEqual([
      "已新建联系人",
      "New Contact created",
    ]);
  });

  it("counts people and emails in words, with the assignment sentence the server wrote in both languages", () => {
    const params = { count: 2, names: ["王芳", "张伟"], email: "queued" as const, emails: 2 };
    expect(both({ code: "notified", params })).toEqual([
      "已通知 2 人：王芳、张伟；2 封邮件已排队",
      "Notified 2 people: 王芳, 张伟; 2 emails queued",
    ]);
    const summary = { "zh-CN": "规则 1「华东」匹配", en: "Rule 1 “East” matched" };
    expect(both({ code: "assigned", params: { summary } })).toEqual([summary["zh-CN"], summary.en]);
    expect(both({ code: "email_not_configured", params: {} })[0]).toBe("未配置邮件服务，未发送邮件");
  });

  it("shows a due date in the reader's format", () => {
    const note = {
      code: "task_created",
      params: { task: "t1", assignee: "u1", name: "王芳", due: "2027-03-01" },
    };
    const [zh, english] = both(note as StepNote);
    expect(zh).toBe("已为 王芳 创建任务，截止 2027年3月1日");
    expect(english).toBe("Task created for 王芳, due Mar 1, 2027");
  });

  it("keeps a step logged before notes readable: its words, a wait's instant in the reader's format", () => {
    expect(stepDetail(step(undefined, "email to a@b.cn queued"), words("zh-CN"))).toBe(
      "email to a@b.cn queued",
    );
    const wait = { ...step(undefined, "waiting until 2027-03-01T02:00:00.000Z"), kind: "wait" as const };
    expect(stepDetail(wait, words("zh-CN"))).toMatch(/^等到 2027年3月1日 .+ 后继续$/);
  });

  it("says why a step failed in the reader's language, and keeps an older step's words", () => {
    const failed = (problem: StepProblem | undefined, error = "English error"): RunStep => ({
      ...step(undefined, null),
      outcome: "failed",
      error,
      ...(problem ? { problem } : {}),
    });
    const refusal = { "zh-CN": "客户名称：此项为必填项", en: "Account name: This field is required" };
    const words2 = (s: RunStep) => [stepError(s, words("zh-CN")), stepError(s, words("en"))];
    expect(words2(failed({ code: "refused", params: { problem: refusal } }))).toEqual([
      refusal["zh-CN"],
      refusal.en,
    ]);
    const slow = { code: "script_failed", params: { limit: "time", message: "stopped (200 ms)" } } as const;
    expect(words2(failed(slow))).toEqual([
      "脚本超过运行时间上限，已被停止",
      "The script was stopped at its time limit",
    ]);
    const broken = { code: "formula_broken", params: { field: "tier", reason: "unknown_field" } } as const;
    expect(words2(failed(broken))[0]).toBe("等级的公式已不再有效（unknown_field）");
    expect(stepError(failed(undefined, "script failed: boom"), words("zh-CN"))).toBe("script failed: boom");
  });

  it("words a run's own error, or its stored words; a failed step's error is the step's to say", () => {
    const refusal = { "zh-CN": "客户名称：此项为必填项", en: "Account name: This field is required" };
    const failedStep: RunStep = {
      ...step(undefined, null),
      outcome: "failed",
      error: refusal.en,
      problem: { code: "refused", params: { problem: refusal } },
    };
    // The failed step says it already: not twice.
    expect(runError({ error: refusal.en, steps: [failedStep] }, words("zh-CN"))).toBeNull();
    expect(runError({ error: RUN_ERRORS.loop(5, 5), steps: [] }, words("zh-CN"))).toBe(
      "自动化相互触发已达 5 层（上限 5 层），未运行",
    );
    expect(runError({ error: RUN_ERRORS.versionGone, steps: [] }, words("en"))).toBe(
      "This version of the automation no longer exists",
    );
    expect(runError({ error: "something from before", steps: [] }, words("en"))).toBe(
      "something from before",
    );
    expect(runError({ error: null, steps: [] }, words("en"))).toBeNull();
  });

  it("says what fired a run: a write, or a timed trigger's kind and occurrence in the reader's format", () => {
    const both = (trigger: string) => [runTrigger(trigger, words("zh-CN")), runTrigger(trigger, words("en"))];
    expect(both("record.created")).toEqual(["记录创建", "Record created"]);
    expect(both("date_relative 2027-03-01")).toEqual([
      "日期前后 · 2027年3月1日",
      "Around a date · Mar 1, 2027",
    ]);
    expect(both("date_relative 2027")).toEqual(["日期前后 · 2027 年", "Around a date · 2027"]);
    expect(both("recurring period 2")).toEqual(["周期 · 第 2 期", "Recurring · period 2"]);
    expect(both("inbound_webhook")).toEqual(["Webhook 接入", "Inbound webhook"]);
    expect(runTrigger("schedule 2027-03-01T01:00:00.000Z", words("en"))).toMatch(/^Schedule · Mar 1, 2027/);
    expect(runTrigger("stagnation 2027-03-01T01:00:00.000", words("en"))).toMatch(
      /^Stagnant · since Mar 1, 2027/,
    );
    expect(runTrigger("something else", words("en"))).toBe("something else");
  });
});

describe("stepRecord", () => {
  it("names what a step created, to open from the run log", () => {
    const task = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    expect(
      stepRecord(
        step({ code: "task_created", params: { task, assignee: "u1", name: "张伟", due: "2026-12-08" } }),
      ),
    ).toEqual({ object: "task", id: task });
    expect(stepRecord(step({ code: "record_created", params: { object: "opportunity", id: task } }))).toEqual(
      {
        object: "opportunity",
        id: task,
      },
    );
    expect(stepRecord(step({ code: "email_queued", params: { to: "a@b.cn" } }))).toBeNull();
    expect(stepRecord(step(undefined))).toBeNull();
  });
});
