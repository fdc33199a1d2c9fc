// `npm run docs:errors`: writes docs/errors.md from the error catalog, so the documented codes, statuses and
// messages are the ones the server sends. `--check` writes nothing and exits 1 when the file is out of date
// (apps/server/src/http/errors-doc.test.ts runs it).

import { readFileSync, writeFileSync } from "node:fs";
import { FIELD_ISSUE_MESSAGES, interpolate, listErrorDefinitions } from "@keduo/core";

// Each module registers its codes when imported, and the server's composition root imports every module.
// A computed specifier keeps the server's sources out of this TypeScript project (tsconfig.tools.json).
await import(new URL("../apps/server/src/server.ts", import.meta.url).href);

const OUTPUT = new URL("../docs/errors.md", import.meta.url);

/** One line on what the caller should do; codes without an entry fall back to their English detail. */
const FIX_HINTS: Record<string, string> = {
  BAD_REQUEST:
    "Send well-formed JSON with `Content-Type: application/json`; check headers such as If-Match, and that the path is valid percent-encoded UTF-8.",
  BULK_TOO_LARGE: "Split the call into batches of at most the stated number of records.",
  CANNOT_DISABLE_SELF: "Ask another administrator to disable your account.",
  CSRF_TOKEN_INVALID:
    "Send the `csrf_token` from the login response as `X-CSRF-Token` on every cookie-authenticated write, or use an API token.",
  FIELD_CHANGE_REFUSED:
    "Fix the records listed in `offending_records` (or relax the new settings), then repeat the change; `dry_run=true` previews it.",
  FIELD_NAME_TAKEN:
    "Choose another API name; deleted (hidden) fields and reverse relations keep their names.",
  FIELD_FILLING:
    "Wait until the field's `filling` (`GET /api/meta/objects/{object}/fields/{field}`) is false, then filter or sort again; reading records needs no wait.",
  FIELD_NOT_FOUND: "Check the field's API name with `GET /api/meta/objects/{object}/fields`.",
  FIELD_NOT_HIDDEN: "Delete (hide) the field first, then purge or restore it.",
  FIELD_TYPE_CHANGE_UNSUPPORTED: "Create a new field of the target type and copy the values over.",
  FIELD_USED_BY_RULE:
    "Change or delete the validation rules listed in `rules` (`/api/meta/objects/{object}/validation-rules`), then repeat the field change.",
  FILE_EMPTY: "Send the file's bytes as the request body.",
  FILE_NAME_INVALID: "Percent-encode the UTF-8 file name in `X-File-Name` (e.g. `encodeURIComponent`).",
  FILE_NOT_FOUND: "Check the file id; upload the file again if it was removed.",
  FILE_TOO_LARGE: "Upload a smaller file, or raise the server's file size limit.",
  FORBIDDEN: "Ask an administrator for the role this action needs.",
  INTERNAL_ERROR:
    "Retry later; if it persists, give the reference to the administrator, who finds it in the logs.",
  INVALID_CREDENTIALS: "Check the email and password; an administrator can reset the password.",
  INVALID_CURSOR:
    "Send `next_cursor` exactly as the previous page returned it, with the same `sort` (a cursor whose values do not fit the sort's field types is refused); otherwise request the first page again without `cursor`.",
  INVALID_FILTER:
    "Fix each entry of `errors`: field names, operators and operand types must match the fields.",
  INVALID_SORT: "Sort by a sortable field, optionally prefixed with `-` for descending.",
  LAST_ADMIN_REQUIRED: "Give the admin role to another active user first.",
  NOT_FOUND: "Check the URL and the id.",
  OBJECT_IN_USE: "Delete and purge the relation fields listed in the message, then delete the object.",
  OBJECT_NAME_TAKEN: "Choose another API name for the object.",
  OBJECT_NOT_FOUND: "Check the object's API name with `GET /api/meta/objects`.",
  PAYLOAD_TOO_LARGE: "Send a smaller body; split bulk calls into smaller batches.",
  RATE_LIMITED: "Wait for the number of seconds in the `Retry-After` header, then retry.",
  ACTING_USER_INACTIVE:
    "An engine wrote on behalf of a user who is gone or disabled: give the automation or approval another user.",
  RECORD_ALREADY_OWNED:
    "Someone claimed or was given the record first; reload the pool and claim another one.",
  RECORD_NOT_DELETED: "Only records in the recycle bin can be restored; nothing to do.",
  RECORD_OWNER_FORBIDDEN:
    "Leave `owner_id` out (you become the owner), or ask an administrator for `transfer_records` or `modify_all` on the object.",
  RECORD_NOT_FOUND: "Check the id; a deleted record is listed with `deleted=true` and can be restored.",
  RECORD_RESTORE_CONFLICT: "Change the unique value on one of the two records, then restore.",
  RECORD_UNIQUE_CONFLICT: "Use another value, or update the record that already has it.",
  RECORD_VERSION_CONFLICT:
    "Fetch the record again (`current_version` tells its version), reapply your change and send the new version in If-Match.",
  ROUTE_NOT_FOUND: "Check the method and path against `GET /api/openapi.json`.",
  SERVICE_UNAVAILABLE: "Retry shortly; the administrator should check the database.",
  UNAUTHENTICATED:
    "Sign in with `POST /api/auth/login`, or send `Authorization: Bearer <token>` with a valid API token.",
  UNSUPPORTED_MEDIA_TYPE: "Send `Content-Type: application/json` (uploads accept any type).",
  USER_EMAIL_TAKEN: "Use another email, or update the existing user.",
  VALIDATION_FAILED: "Fix each entry of `errors` (field path, code and message) and retry.",
  VALIDATION_RULE_NAME_TAKEN: "Choose another API name, or change the existing rule with PATCH.",
  VALIDATION_RULE_NOT_FOUND:
    "Check the rule's API name with `GET /api/meta/objects/{object}/validation-rules`.",
};

/** Table cells stay on one line and keep their pipes literal. */
const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
// GitHub heading slugs keep underscores.
const anchor = (code: string) => code.toLowerCase();

function renderShape(): string {
  const validation = listErrorDefinitions().find(([code]) => code === "VALIDATION_FAILED")?.[1];
  const issue = FIELD_ISSUE_MESSAGES.invalid_format;
  const example = {
    type: "https://keduo.dev/errors/validation-failed",
    title: validation?.title.en ?? "",
    status: validation?.status ?? 400,
    detail: interpolate(validation?.detail.en ?? "", { count: 1 }),
    code: "VALIDATION_FAILED",
    instance: "/api/records/customer",
    errors: [
      { field: "email", code: "invalid_format", message: interpolate(issue?.en ?? "", { format: "email" }) },
    ],
  };
  return [
    "## Response shape",
    "",
    "Every error is an RFC 9457 `application/problem+json` document. `title`, `detail` and `errors[].message`",
    "are in the request's language (`Accept-Language`: `zh-CN` or `en`); match on `code`, never on text.",
    "Server errors (5xx) never include internal messages.",
    "",
    "```json",
    JSON.stringify(example, null, 2),
    "```",
    "",
    "| Member | Type | Meaning |",
    "| --- | --- | --- |",
    "| `type` | string (URI) | `https://keduo.dev/errors/<code in kebab-case>` |",
    "| `title` | string | Short summary of the error kind |",
    "| `status` | integer | The HTTP status of the response |",
    "| `detail` | string | This occurrence: the code's detail template with its `{params}` filled in |",
    "| `code` | string | Stable machine code, listed below |",
    "| `instance` | string | The request path |",
    "| `errors` | array | Validation errors only: one `{ field, code, message }` per problem; `field` is a dotted path such as `records.3.email`, `code` a field issue code (below) |",
    "",
    "Some codes add extension members, e.g. `current_version` on `RECORD_VERSION_CONFLICT`,",
    "`offending_records` on `FIELD_CHANGE_REFUSED`; `RATE_LIMITED` also sets the `Retry-After` header.",
  ].join("\n");
}

function renderCodes(): string {
  const definitions = listErrorDefinitions();
  const lines = ["## Codes", "", "| Code | Status | Meaning |", "| --- | --- | --- |"];
  for (const [code, definition] of definitions) {
    lines.push(`| [\`${code}\`](#${anchor(code)}) | ${definition.status} | ${cell(definition.title.en)} |`);
  }
  for (const [code, definition] of definitions) {
    lines.push(
      "",
      `### ${code}`,
      "",
      `HTTP ${definition.status}`,
      "",
      "| | en | zh-CN |",
      "| --- | --- | --- |",
      `| Title | ${cell(definition.title.en)} | ${cell(definition.title["zh-CN"])} |`,
      `| Detail | ${cell(definition.detail.en)} | ${cell(definition.detail["zh-CN"])} |`,
      "",
      `**How to fix:** ${FIX_HINTS[code] ?? definition.detail.en}`,
    );
  }
  return lines.join("\n");
}

function renderFieldIssues(): string {
  const lines = [
    "## Field issue codes",
    "",
    "The `code` of each entry of `errors`. `{params}` are filled in per issue.",
    "",
    "| Code | en | zh-CN |",
    "| --- | --- | --- |",
  ];
  const entries = Object.entries(FIELD_ISSUE_MESSAGES).sort(([a], [b]) => a.localeCompare(b));
  for (const [code, message] of entries) {
    lines.push(`| \`${code}\` | ${cell(message.en)} | ${cell(message["zh-CN"])} |`);
  }
  return lines.join("\n");
}

function renderErrorsDoc(): string {
  return `${[
    "# Errors",
    "",
    "<!-- Generated by `npm run docs:errors` (scripts/gen-errors-doc.ts) from the error catalog. Do not edit. -->",
    "",
    renderShape(),
    "",
    renderCodes(),
    "",
    renderFieldIssues(),
  ].join("\n")}\n`;
}

const rendered = renderErrorsDoc();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUTPUT, "utf8");
  } catch {
    // missing: reported as out of date below
  }
  if (current !== rendered) {
    console.error("docs/errors.md is out of date with the error catalog; run `npm run docs:errors`.");
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, rendered);
  console.log(`wrote docs/errors.md (${listErrorDefinitions().length} codes)`);
}
