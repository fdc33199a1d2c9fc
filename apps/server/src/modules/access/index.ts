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
export { registerDepartmentRoutes } from "./departments.routes.ts";
export { registerRoleRoutes } from "./roles.routes.ts";
export { activeUserIdentity } from "./user-identity.ts";

export function createAccessService(deps: { metadata: MetadataService }): AccessService {
  return new AccessService(deps);
}
