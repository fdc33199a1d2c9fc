import { defineErrors } from "@keduo/core";

export const PIPELINE_ERRORS = defineErrors({
  PIPELINE_NOT_FOUND: {
    status: 404,
    title: { "zh-CN": "流程不存在", en: "Pipeline not found" },
    detail: {
      "zh-CN": "对象 {object} 没有名为 {pipeline} 的流程。",
      en: "Object {object} has no pipeline named {pipeline}.",
    },
  },
  PIPELINE_NAME_TAKEN: {
    status: 409,
    title: { "zh-CN": "流程名称已存在", en: "Pipeline name taken" },
    detail: {
      "zh-CN": "对象 {object} 已有名为 {pipeline} 的流程。",
      en: "Object {object} already has a pipeline named {pipeline}.",
    },
  },
  PIPELINE_STAGE_IN_USE: {
    status: 409,
    title: { "zh-CN": "阶段中仍有记录", en: "Stage still holds records" },
    detail: {
      "zh-CN":
        "流程 {pipeline} 的阶段 {stage} 中还有 {count} 条记录（含回收站）。请先把它们移到其他阶段，未做任何更改。",
      en: "Stage {stage} of pipeline {pipeline} still holds {count} records (the recycle bin's included). Move them to another stage first; nothing was changed.",
    },
  },
  STAGE_GATE_FAILED: {
    status: 422,
    title: { "zh-CN": "未通过阶段关卡", en: "Stage gate not passed" },
    detail: {
      "zh-CN": "移到“{stage_zh}”未通过阶段关卡：{count} 项条件未满足，未做任何更改。",
      en: "The move to “{stage_en}” did not pass the stage gates: {count} unmet. Nothing was changed.",
    },
  },
  FIELD_USED_BY_PIPELINE: {
    status: 409,
    title: { "zh-CN": "字段正被流程使用", en: "Field is used by pipelines" },
    detail: {
      "zh-CN":
        "字段 {field} 正被这些流程使用：{pipelines}。这项更改会使流程失效，未做任何更改。请先修改流程。",
      en: "Field {field} is used by these pipelines: {pipelines}. The change would break them, so nothing was changed. Change the pipelines first.",
    },
  },
});
