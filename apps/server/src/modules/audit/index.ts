export {
  AUDIT_CURSOR_SCHEMA,
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  insertAudit,
  insertAuditBatch,
  insertCreatedAudit,
  isFromTo,
  queryAudit,
  recordChangesAfter,
  redactRecordHistory,
} from "./audit-log.ts";
