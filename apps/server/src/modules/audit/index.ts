export { registerAuditRoutes } from "./audit.routes.ts";
export {
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  insertAudit,
  insertAuditBatch,
  queryAudit,
  redactRecordHistory,
} from "./audit-log.ts";
