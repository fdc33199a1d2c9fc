import { MAX_PASSWORD_LENGTH } from "./passwords.ts";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from "./user-input.ts";

// Lengths and formats the service checks itself (to answer with precise field codes) are left out here.
const email = { type: "string", maxLength: MAX_EMAIL_LENGTH } as const;
const name = { type: "string", maxLength: MAX_NAME_LENGTH } as const;
const password = { type: "string", maxLength: MAX_PASSWORD_LENGTH } as const;
const locale = { type: ["string", "null"], description: "zh-CN or en; null follows the browser" } as const;
const roles = { type: "array", items: { type: "string", maxLength: 100 }, maxItems: 100 } as const;
const timestamp = { type: "string", format: "date-time" } as const;
const nullableUuid = { type: ["string", "null"], format: "uuid" } as const;
const nullableTimestamp = { type: ["string", "null"], format: "date-time" } as const;

export const userSchema = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    email: { type: "string" },
    name: { type: "string" },
    locale: { type: ["string", "null"] },
    status: { type: "string", enum: ["active", "disabled"] },
    roles: { type: "array", items: { type: "string" } },
    department_id: { type: ["string", "null"], format: "uuid" },
    manager_id: { type: ["string", "null"], format: "uuid" },
    away_until: { type: ["string", "null"], format: "date" },
    created_at: timestamp,
    updated_at: timestamp,
  },
  required: ["id", "email", "name", "locale", "status", "roles", "created_at", "updated_at"],
} as const;

export const idParams = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" } },
  required: ["id"],
} as const;

export const loginBody = {
  type: "object",
  properties: { email, password },
  required: ["email", "password"],
  additionalProperties: false,
} as const;

export const sessionResponse = {
  type: "object",
  properties: {
    user: userSchema,
    csrf_token: {
      type: ["string", "null"],
      description: "Send as X-CSRF-Token on writes made with the cookie",
    },
    via: { type: "string", enum: ["session", "token"] },
    permissions: {
      type: "array",
      items: { type: "string" },
      description: "System permissions the user holds",
    },
    time_zone: {
      type: "string",
      description:
        "The organisation's time zone: the day that 'today' and 'overdue' mean (from /api/auth/me)",
    },
  },
  required: ["user", "csrf_token"],
} as const;

export const updateProfileBody = {
  type: "object",
  properties: { name, locale, password, current_password: password },
  additionalProperties: false,
} as const;

export const createTokenBody = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1, maxLength: MAX_NAME_LENGTH },
    expires_at: timestamp,
    scopes: { type: "array", minItems: 1, uniqueItems: true, items: { enum: ["read", "write"] } },
  },
  required: ["name"],
  additionalProperties: false,
} as const;

const tokenProperties = {
  id: { type: "string", format: "uuid" },
  name: { type: "string" },
  token_prefix: { type: "string", description: "The first characters of the token, to tell tokens apart" },
  scopes: { type: "array", items: { type: "string" }, description: "read: GET only; write: changes too" },
  created_at: timestamp,
  last_used_at: nullableTimestamp,
  expires_at: nullableTimestamp,
} as const;

export const tokenSchema = {
  type: "object",
  properties: tokenProperties,
  required: ["id", "name", "token_prefix", "created_at", "last_used_at", "expires_at", "scopes"],
} as const;

export const createdTokenSchema = {
  type: "object",
  properties: { ...tokenProperties, token: { type: "string", description: "Shown only in this response" } },
  required: [...tokenSchema.required, "token"],
} as const;

export const listUsersQuery = {
  type: "object",
  properties: {
    limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
    cursor: { type: "string", format: "uuid", description: "next_cursor of the previous page" },
  },
  additionalProperties: false,
} as const;

export const createUserBody = {
  type: "object",
  properties: { email, name, password, roles, locale, department_id: nullableUuid, manager_id: nullableUuid },
  required: ["email", "name", "password"],
  additionalProperties: false,
} as const;

export const updateUserBody = {
  type: "object",
  properties: {
    email,
    name,
    status: { type: "string", enum: ["active", "disabled"] },
    roles,
    locale,
    password,
    department_id: nullableUuid,
    manager_id: nullableUuid,
    away_until: { type: ["string", "null"], format: "date" },
  },
  additionalProperties: false,
} as const;
