/** JSON Schemas of the path parameters the record routes share. */
export const uuid = { type: "string", format: "uuid" } as const;

export const objectParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 } },
  required: ["object"],
} as const;

export const recordParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 }, id: uuid },
  required: ["object", "id"],
} as const;
