import type { MetadataService } from "../metadata/index.ts";
import { AccessService } from "./access.service.ts";
import "./access.errors.ts";

export { AccessService } from "./access.service.ts";
export type { AccessConfig, RoleDefinition, SharingRule } from "./access-config.ts";
export {
  type AccessContext,
  systemAccessContext,
  type UserIdentity,
  userAccessContext,
} from "./access-context.ts";
export { assertAccess, type Principal, type RouteAccess, requireAccess } from "./route-access.ts";

export function createAccessService(deps: { metadata: MetadataService }): AccessService {
  return new AccessService(deps);
}
