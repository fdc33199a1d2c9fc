export { registerAuditRoutes } from "./audit.routes.ts";
export {
  type AuditEntry,
  type AuditQuery,
  appendAudit,
  queryAudit,
  redactRecordHistory,
} from "./audit-log.ts";
