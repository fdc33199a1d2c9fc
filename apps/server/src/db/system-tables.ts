import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface MigrationsTable {
  id: number;
  name: string;
  applied_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface MetaVersionTable {
  id: number;
  version: number;
}

export interface ObjectsTable {
  id: string;
  api_name: string;
  labels: Json<Record<string, string>>;
  plural_labels: Json<Record<string, string>>;
  description: Json<Record<string, string> | null>;
  display_field: string | null;
  sharing_default: Generated<"private" | "public_read" | "public_read_write">;
  team_access: Generated<"none" | "read" | "edit">;
  indexes: ColumnType<Array<{ fields: string[] }>, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FieldsTable {
  id: string;
  object_id: string;
  api_name: string;
  type: string;
  labels: Json<Record<string, string>>;
  help_text: Json<Record<string, string> | null>;
  required: boolean;
  is_unique: boolean;
  indexed: boolean;
  read_only: boolean;
  default_value: Json<unknown>;
  config: Json<Record<string, unknown>>;
  position: number;
  hidden_at: Timestamp | null;
  filling: Generated<boolean>;
  fill_cursor: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SchemaChangesTable {
  id: Generated<number>;
  meta_version: number;
  description: string;
  statements: string[];
  applied_at: Timestamp;
  applied_by: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  status: "active" | "disabled";
  locale: string | null;
  department_id: Generated<string | null>;
  manager_id: Generated<string | null>;
  /** Away (on leave) until this day, inclusive: assignment rules pass the person over. */
  away_until: Generated<string | null>;
  /** The name, its pinyin and initials, lower case, for people search; NULL until computed. */
  search_keys: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RolesTable {
  id: string;
  api_name: string;
  labels: Json<Record<string, string>>;
  is_system: boolean;
  permissions: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role_id: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  scopes: Generated<string[]>;
}

export interface OutboxTable {
  id: Generated<number>;
  event_type: string;
  object: string;
  record_id: string;
  payload: Json<Record<string, unknown>>;
  actor_id: string | null;
  created_at: Timestamp;
  source: Generated<string>;
  cause_event_id: number | null;
  cause_run_id: string | null;
  depth: Generated<number>;
  /** The writing transaction (a default): the relay numbers events by snapshot (migration 030). */
  txid: Generated<string | null>;
}

/** Delivery order (ADR 0017): the relay numbers committed events after commit; per record, commit order. */
export interface EventOrderTable {
  seq: number;
  event_id: number;
}

export interface EventRelayTable {
  id: number;
  last_seq: number;
  history_until: number;
  /** The snapshot of the last numbering: events not visible in it are the next to number. */
  numbered_snapshot: string;
}

export interface EventConsumersTable {
  name: string;
  position: number;
  attempts: Generated<number>;
  isolate_until: number | null;
  retry_at: Timestamp | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: Timestamp | null;
  created_at: Timestamp;
  seen_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface EventParkedTable {
  consumer: string;
  seq: number;
  event: Json<Record<string, unknown>>;
  error: string;
  attempts: number;
  parked_at: Timestamp;
}

export interface TimersTable {
  id: Generated<number>;
  kind: string;
  key: string;
  due_at: Timestamp;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface AutonumberCountersTable {
  field_id: string;
  period: string;
  value: number;
}

export interface FilesTable {
  id: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage: string;
  data: Buffer | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  parent_id: string | null;
  position: Generated<number>;
  /** The department's head (负责人), migration 014. */
  head_user_id: Generated<string | null>;
  created_at: Timestamp;
}

export interface UserHierarchyTable {
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface SharingRulesTable {
  id: string;
  object: string;
  name: string;
  filter: Json<unknown>;
  grantee_kind: "department" | "role";
  grantee_id: string;
  include_subdepartments: boolean;
  access: "read" | "edit";
  created_at: Timestamp;
}

export interface RecordSharesTable {
  id: string;
  object: string;
  record_id: string;
  grantee_kind: "user" | "department" | "role";
  grantee_id: string;
  access: "read" | "edit";
  created_by: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_ip: string | null;
  via: string | null;
  action: string;
  object: string | null;
  record_id: string | null;
  changes: Json<Record<string, unknown> | null>;
  details: Json<Record<string, unknown> | null>;
}

export interface ValidationRulesTable {
  id: string;
  object: string;
  api_name: string;
  condition: string;
  message: Json<Record<string, string>>;
  field: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SystemTables {
  departments: DepartmentsTable;
  user_hierarchy: UserHierarchyTable;
  sharing_rules: SharingRulesTable;
  record_shares: RecordSharesTable;
  audit_log: AuditLogTable;
  migrations: MigrationsTable;
  settings: SettingsTable;
  meta_version: MetaVersionTable;
  objects: ObjectsTable;
  fields: FieldsTable;
  schema_changes: SchemaChangesTable;
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  outbox: OutboxTable;
  event_relay: EventRelayTable;
  event_order: EventOrderTable;
  event_consumers: EventConsumersTable;
  event_parked: EventParkedTable;
  timers: TimersTable;
  autonumber_counters: AutonumberCountersTable;
  files: FilesTable;
  validation_rules: ValidationRulesTable;
}
