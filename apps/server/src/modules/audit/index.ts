export {
  AUDIT_CURSOR_SCHEMA,
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  insertAudit,
  insertAuditBatch,
  insertCreatedAudit,
  queryAudit,
  redactRecordHistory,
} from "./audit-log.ts";
