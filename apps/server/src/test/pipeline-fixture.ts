import { expect } from "vitest";
import { addField, createObject, label } from "./fixtures.ts";
import type { HttpClient } from "./http-client.ts";

export const PIPELINES = "/api/meta/objects/deal/pipelines";
const options = (values: string[]) =>
  values.map((value) => ({ value, labels: label(`${value}阶段`, value) }));
const message = (zh: string, en: string) => ({ "zh-CN": zh, en });

/**
 * A deal object with two pipelines on one stage field: `sales` (default) — qualify (deliverable: budget
 * confirmed) → proposal (requires an amount; leaving needs amount ≥ 1000) → negotiate (entered only from
 * proposal) → won / lost (requires a reason) — and `project` — tech → sample → won / lost.
 */
export async function createPipelineFixture(admin: HttpClient) {
  await createObject(admin, "deal", "商机", "Deal");
  await addField(admin, "deal", { api_name: "title", type: "text", required: true });
  await addField(admin, "deal", { api_name: "amount", type: "currency" });
  await addField(admin, "deal", { api_name: "budget_confirmed", type: "boolean" });
  await addField(admin, "deal", {
    api_name: "pipeline",
    type: "single_select",
    config: { options: options(["sales", "project"]) },
  });
  await addField(admin, "deal", {
    api_name: "stage",
    type: "single_select",
    config: { options: options(["qualify", "proposal", "negotiate", "tech", "sample", "won", "lost"]) },
  });
  await addField(admin, "deal", {
    api_name: "lost_reason",
    type: "single_select",
    config: { options: options(["price", "competitor"]) },
  });
  const sales = await admin.post(PIPELINES, {
    api_name: "sales",
    labels: label("销售流程", "Sales"),
    stage_field: "stage",
    pipeline_field: "pipeline",
    is_default: true,
    stages: [
      { value: "qualify", probability: 10, deliverables: ["budget_confirmed"] },
      {
        value: "proposal",
        probability: 40,
        required_fields: ["amount"],
        exit_conditions: [
          { condition: "amount >= 1000", message: message("金额至少 1000", "The amount is at least 1000") },
        ],
        guidance: message("发送方案", "Send the proposal"),
      },
      {
        value: "negotiate",
        probability: 70,
        entry_conditions: [
          {
            condition: 'PRIORVALUE(stage) = "proposal"',
            message: message("须从方案阶段进入", "Comes after the proposal"),
          },
        ],
      },
      { value: "won", kind: "won", probability: 100 },
      { value: "lost", kind: "lost", probability: 0, required_fields: ["lost_reason"] },
    ],
  });
  expect(sales.status, sales.text).toBe(201);
  const project = await admin.post(PIPELINES, {
    api_name: "project",
    labels: label("项目流程", "Project"),
    stage_field: "stage",
    pipeline_field: "pipeline",
    stages: [
      { value: "tech" },
      { value: "sample" },
      { value: "won", kind: "won" },
      { value: "lost", kind: "lost" },
    ],
  });
  expect(project.status, project.text).toBe(201);
}
