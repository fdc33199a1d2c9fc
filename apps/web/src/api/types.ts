import type { FieldConfig, FieldTypeName, Locale, Translatable } from "@keduo/core";

/** Shapes of the API's JSON (snake_case, as the server sends them; see GET /api/openapi.json). */

export type { FieldTypeName, Locale, Translatable };

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale | null;
  status: "active" | "disabled";
  roles: string[];
  department_id?: string | null;
  manager_id?: string | null;
  /** "YYYY-MM-DD": on leave until this day (assignment rules pass them over); null when not away. */
  away_until?: string | null;
  /** System permissions, set from /api/auth/me (not part of user listings). */
  permissions?: string[];
  created_at: string;
  updated_at: string;
}

export interface Session {
  user: User;
  csrf_token: string | null;
  via?: "session" | "token";
  /** System permissions (from /api/auth/me). */
  permissions?: string[];
  /** The organisation's time zone (from /api/auth/me): the day "today" and "overdue" mean. */
  time_zone?: string;
}

export interface FieldMeta {
  id: string;
  api_name: string;
  type: FieldTypeName;
  labels: Translatable;
  help_text: Translatable | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  read_only: boolean;
  default: unknown;
  config: FieldConfig;
  position: number;
  hidden: boolean;
}

export interface RelatedListMeta {
  api_name: string;
  labels: Translatable;
  source_object: string;
  source_field: string;
  cardinality: "one_to_many" | "many_to_many";
}

export interface ObjectMeta {
  id: string;
  api_name: string;
  labels: Translatable;
  plural_labels: Translatable;
  description: Translatable | null;
  display_field: string | null;
  fields: FieldMeta[];
  related_lists: RelatedListMeta[];
  /** What the signed-in user may do with this object's records. */
  my_permissions: { read: boolean; create: boolean; edit: boolean; delete: boolean; transfer?: boolean };
  /** Who sees records nobody shared (private: owners and those above them). */
  sharing_default?: "private" | "public_read" | "public_read_write";
  /** What members of the owner's department may do with the record. */
  team_access?: "none" | "read" | "edit";
}

export interface ObjectsResponse {
  version: number;
  objects: ObjectMeta[];
}

/** A record: system columns plus one member per field (expanded relations are nested records). */
export interface RecordData {
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  owner_id?: string | null;
  [field: string]: unknown;
}

export interface RecordList {
  records: RecordData[];
  next_cursor: string | null;
  /** Asked with `count`: exact up to the server's limit, the planner's estimate above it (`total_estimated`). */
  total?: number;
  total_estimated?: boolean;
}

export interface Division {
  code: string;
  name: string;
  children?: Division[];
}

export interface StoredFile {
  id: string;
  name: string;
  size: number;
  content_type: string;
  sha256?: string;
  created_at?: string;
}

export interface CurrencyValue {
  amount: string;
  currency: string | null;
}

/** In China: division codes and a detail line. Abroad: `{ country, detail }` (ADR 0029). */
export interface AddressValue {
  country?: string;
  province?: string;
  city?: string | null;
  district?: string | null;
  detail: string | null;
}
