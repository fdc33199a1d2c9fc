import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import { AccessService } from "./access.service.ts";
import { DepartmentsService } from "./departments.service.ts";
import { DirectoryService } from "./directory.service.ts";
import { RecordSharesService } from "./record-shares.service.ts";
import { RolesService } from "./roles.service.ts";
import { SharingRulesService } from "./sharing-rules.service.ts";
import "./access.errors.ts";

export { AccessService } from "./access.service.ts";
export type { AccessConfig, RoleDefinition, SharingRule } from "./access-config.ts";
export {
  type AccessContext,
  systemAccessContext,
  type UserIdentity,
  userAccessContext,
} from "./access-context.ts";
export { authorizeHook } from "./authorize-hook.ts";
export { DepartmentsService } from "./departments.service.ts";
export { type DepartmentHead, DirectoryService, type DirectoryUser } from "./directory.service.ts";
export { type RestrictedModel, restrictModel } from "./field-restriction.ts";
export { assertObjectPermission } from "./object-permission.ts";
export type { Actor } from "./org-change.ts";
export {
  exportRoles,
  exportSharingRules,
  type PortableGrantee,
  type PortableRole,
  type PortableSharingRule,
  putRole,
  putSharingRule,
} from "./portable-config.ts";
export { type ReaderScope, readableFileIds, unreadableRecordIds } from "./readable-ids.ts";
export {
  type AccessLevel,
  type PredicateContext,
  recordPredicate,
} from "./record-predicate.ts";
export {
  type RecordActions,
  type RowRights,
  recordActionsOrThrow,
  recordsActions,
  rowRights,
} from "./record-rights.ts";
export { RecordSharesService } from "./record-shares.service.ts";
export { relationTargetsHook } from "./relation-access-hook.ts";
export { RolesService } from "./roles.service.ts";
export { assertAccess, type Principal, type RouteAccess, requireAccess } from "./route-access.ts";
export { actorOf } from "./route-actor.ts";
export { SharingRulesService } from "./sharing-rules.service.ts";
export { holdsTransferRight } from "./transfer-right.ts";
export { activeUserIdentity } from "./user-identity.ts";
export type { GuardedOperation, GuardedRecord, GuardedWrite } from "./write-access.ts";

/** Everything access offers: rights per request, the org chart, and the services behind its routes. */
export interface AccessModule {
  service: AccessService;
  directory: DirectoryService;
  roles: RolesService;
  departments: DepartmentsService;
  sharingRules: SharingRulesService;
  recordShares: RecordSharesService;
}

export function createAccessModule(deps: {
  database: Database;
  metadata: MetadataService;
  clock: Clock;
  timeZone: string;
}): AccessModule {
  const { database, metadata, clock } = deps;
  const directory = new DirectoryService({ schemas: database.schemas });
  return {
    service: new AccessService({ metadata }),
    directory,
    roles: new RolesService({ database, metadata, clock }),
    departments: new DepartmentsService({ database, metadata, clock, directory }),
    sharingRules: new SharingRulesService(deps),
    recordShares: new RecordSharesService(deps),
  };
}
