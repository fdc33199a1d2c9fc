export { registerAuditRoutes } from "./audit.routes.ts";
export {
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  insertAudit,
  insertAuditBatch,
  insertCreatedAudit,
  queryAudit,
  redactRecordHistory,
} from "./audit-log.ts";
