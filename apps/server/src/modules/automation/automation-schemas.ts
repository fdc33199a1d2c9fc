/** JSON schemas of the automation routes: shapes and sizes; meaning (fields, formulas) is checked by the service. */
const name = { type: "string", maxLength: 64 } as const;
const uuid = { type: "string", format: "uuid" } as const;
const text = {
  type: "object",
  additionalProperties: false,
  required: ["zh-CN", "en"],
  properties: { "zh-CN": { type: "string", maxLength: 4000 }, en: { type: "string", maxLength: 4000 } },
} as const;
const smallInt = { type: "integer", minimum: -100_000, maximum: 100_000 } as const;

const trigger = {
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: {
    kind: name,
    fields: { type: "array", maxItems: 50, items: name },
    field: name,
    from: { type: ["string", "null"], maxLength: 64 },
    to: { type: ["string", "null"], maxLength: 64 },
    offset: smallInt,
    unit: name,
    yearly: { type: "boolean" },
    late_days: smallInt,
    days: smallInt,
    measure: name,
    stages: { type: "array", maxItems: 100, items: name },
    every_months: smallInt,
    anchor_field: name,
    cron: { type: "string", maxLength: 200 },
    token: { type: "string", maxLength: 64 },
  },
} as const;

const recipient = {
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: { kind: name, levels: smallInt, user: uuid, role: name, field: name },
} as const;

const valueSource = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    value: {
      anyOf: [{ type: "string", maxLength: 4000 }, { type: "number" }, { type: "boolean" }, { type: "null" }],
    },
    copy: name,
    text: { type: "string", maxLength: 4000 },
    formula: { type: "string", maxLength: 20_000 },
  },
} as const;

const action = {
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: {
    kind: name,
    subject: text,
    assignee: recipient,
    due_in_days: smallInt,
    business_days: { type: "boolean" },
    description: text,
    recipients: { type: "array", maxItems: 20, items: recipient },
    title: text,
    body: text,
    email: { type: "boolean" },
    to_field: name,
    via: name,
    values: { type: "object", maxProperties: 100, additionalProperties: valueSource },
    object: name,
    url: { type: "string", maxLength: 2000 },
    secret: { type: ["string", "null"], maxLength: 200 },
    source: { type: "string", maxLength: 20_000 },
    days: smallInt,
  },
} as const;

export const automationProperties = {
  labels: text,
  description: { anyOf: [text, { type: "null" }] },
  enabled: { type: "boolean" },
  trigger,
  condition: { type: ["string", "null"], maxLength: 20_000 },
  actions: { type: "array", maxItems: 20, items: action },
  run_as: {
    type: "object",
    additionalProperties: false,
    required: ["kind"],
    properties: { kind: name, user: uuid },
  },
} as const;

export const idParams = { type: "object", properties: { id: uuid }, required: ["id"] } as const;
export const recordParams = {
  type: "object",
  properties: { object: name, id: uuid },
  required: ["object", "id"],
} as const;
export const pageQuery = {
  type: "object",
  additionalProperties: false,
  properties: { before: uuid, limit: { type: "integer", minimum: 1, maximum: 200 } },
} as const;
export { name as apiNameSchema };
