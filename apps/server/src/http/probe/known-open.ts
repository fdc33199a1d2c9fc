import type { KnownOpen } from "./probe-findings.ts";

/**
 * Failures the probe and fuzz suites find on today's code (issue 18), each an expected failure until its fix is
 * merged. When a fix lands, the entry's `still open` test fails: delete the entry. Never add one to make a run
 * green. The same list holds on PGlite and PostgreSQL.
 */
const open = (suite: KnownOpen["suite"], kind: string, reason: string, operations: string[]): KnownOpen[] =>
  operations.map((operation) => ({ suite, operation, kind, reason, issue: 18 }));

const LISTS = [
  "GET /api/records/{object}",
  "POST /api/records/{object}/query",
  "GET /api/records/{object}/export",
];
const NUL_OR_SURROGATE = "NUL or a lone surrogate in a text value, path or query → 500 (PostgreSQL text)";

export const KNOWN_OPEN: readonly KnownOpen[] = [
  ...open(
    "probe",
    "leak:file-name",
    "leak 1: attaching a colleague's file id copies it (name in the answer)",
    [
      "POST /api/records/customer",
      "PATCH /api/records/customer/{id}",
      "GET /api/records/customer",
      "GET /api/records/{object}",
      "GET /api/records/{object}/export",
      "GET /api/files/{id}/meta",
    ],
  ),
  ...open("probe", "leak:file-content", "leak 1: a file copied by id then downloads", [
    "GET /api/files/{id}",
  ]),
  ...open("probe", "oracle", "leak 1: the copied file answers 200, a made-up id 404", [
    "GET /api/files/{id}",
    "GET /api/files/{id}/meta",
  ]),
  ...open(
    "probe",
    "leak:customer-name",
    "leak 2: lookup deal.cust_name = customer.name ignores the customer's access",
    [
      ...LISTS,
      "GET /api/records/deal",
      "POST /api/records/deal",
      "PATCH /api/records/deal/{id}",
      "PATCH /api/records/{object}/{id}/nested",
    ],
  ),
  ...open(
    "probe",
    "oracle",
    "leak 2: a filter on the lookup counts records through a customer the rep may not read",
    ["GET /api/records/{object}", "GET /api/records/deal", "POST /api/records/{object}/query"],
  ),
  ...open("probe", "leak:deal-amount", "leak 3: rollup SUM(deals.amount) runs as the system (ADR 0008)", [
    ...LISTS,
    "GET /api/records/customer",
    "PATCH /api/records/customer/{id}",
    "PATCH /api/records/{object}/{id}/nested",
  ]),
  ...open(
    "probe",
    "oracle",
    "a relation or attachment write: 2xx for a colleague's id, 400 invalid_reference for a made-up one",
    [
      "POST /api/records/customer",
      "PATCH /api/records/customer/{id}",
      "POST /api/records/deal",
      "PATCH /api/records/deal/{id}",
    ],
  ),
  ...open(
    "probe",
    "leak:hidden-field-label",
    "a hidden field's definition is served by the metadata routes",
    [
      "GET /api/meta/objects",
      "GET /api/meta/objects/{object}",
      "GET /api/meta/objects/{object}/fields",
      "GET /api/meta/objects/{object}/fields/{field}",
    ],
  ),
  ...open("probe", "oracle", "a hidden field's definition answers 200, an unknown field 404", [
    "GET /api/meta/objects/{object}/fields/{field}",
  ]),
  ...open("fuzz", "5xx", "a crafted cursor (sort value of the wrong type, id not a UUID) → 500", [
    "GET /api/records/{object}",
    "POST /api/records/{object}/query",
  ]),
  ...open("fuzz", "5xx", NUL_OR_SURROGATE, [
    "POST /api/auth/login",
    "POST /api/records/contact",
    "POST /api/records/tag",
    "PATCH /api/views/{object}/{id}",
    "PATCH /api/meta/roles/{role}",
    "DELETE /api/meta/roles/{role}",
    "GET /api/meta/objects/{object}/sharing-rules",
    "DELETE /api/meta/objects/{object}/sharing-rules/{id}",
    "DELETE /api/meta/objects/{object}/validation-rules/{rule}",
    "GET /api/audit-log",
    "POST /api/audit-log/redact",
  ]),
  ...open("fuzz", "5xx", "GET /assets/ with ..%2F, ..%5C, %2e%2e%2f or %00 (also without a session) → 500", [
    "GET /assets/{file}",
  ]),
  ...open("fuzz", "5xx", "not in the issue: `limit=1e309` (passes the schema as Infinity?) → 500", [
    "GET /api/users",
    "GET /api/meta/schema-changes",
    "GET /api/records/{object}/{id}/history",
  ]),
  ...open("fuzz", "5xx", "not in the issue: a department PATCH with a parent_id that does not exist → 500", [
    "PATCH /api/org/departments/{id}",
  ]),
];
