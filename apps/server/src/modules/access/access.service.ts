import type { MetadataSnapshot } from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import { type AccessConfig, loadAccessConfig } from "./access-config.ts";
import { type AccessContext, type UserIdentity, userAccessContext } from "./access-context.ts";
import { activeUserIdentity } from "./user-identity.ts";

/** Builds access contexts; roles, rules and departments are cached per metadata version like the metadata. */
export class AccessService {
  private config: AccessConfig | null = null;
  private readonly metadata: MetadataService;

  constructor(deps: { metadata: MetadataService }) {
    this.metadata = deps.metadata;
  }

  /** For a request: the current metadata (one version read) and the user's effective rights. */
  async contextFor(
    user: UserIdentity & { metadataVersion?: number | null },
    db: Db,
    options: { forWrite?: boolean } = {},
  ): Promise<AccessContext> {
    // A write re-reads the version under the metadata lock in its transaction (contextInTransaction), so the
    // request itself can skip the version read: one round trip less on every write.
    const snapshot = options.forWrite
      ? await this.metadata.latestKnown()
      : user.metadataVersion
        ? await this.metadata.atVersion(user.metadataVersion)
        : await this.metadata.current();
    return userAccessContext(user, await this.configFor(db, snapshot), snapshot);
  }

  /** Rebuilds a context against the snapshot a write transaction holds, when metadata moved meanwhile. */
  async contextInTransaction(
    context: AccessContext,
    trx: Trx,
    snapshot: MetadataSnapshot,
  ): Promise<AccessContext> {
    if (context.snapshot.version === snapshot.version || context.kind === "system" || !context.userId) {
      return { ...context, snapshot };
    }
    const config = await loadAccessConfig(trx, snapshot.version);
    const roles = [...config.rolesByName.values()]
      .filter((r) => context.roleIds.includes(r.id))
      .map((r) => r.apiName);
    return userAccessContext(
      { userId: context.userId, departmentId: context.departmentId, roles },
      config,
      snapshot,
    );
  }

  /**
   * An active user's rights read entirely through a write's transaction (an engine writing on their behalf,
   * ADR 0024): PGlite has one connection, so nothing here may use the pool. Null for a missing or disabled
   * user.
   */
  async contextForUserInTransaction(
    userId: string,
    trx: Trx,
    snapshot: MetadataSnapshot,
  ): Promise<AccessContext | null> {
    const user = await activeUserIdentity(trx, userId);
    return user ? userAccessContext(user, await this.configFor(trx, snapshot), snapshot) : null;
  }

  private async configFor(db: Db, snapshot: MetadataSnapshot): Promise<AccessConfig> {
    if (this.config?.version === snapshot.version) return this.config;
    const config = await loadAccessConfig(db, snapshot.version);
    if (!this.config || config.version >= this.config.version) this.config = config;
    return config;
  }
}
