import type { FormulaValueType } from "../formula/formula-types.ts";
import type { Translatable } from "../i18n/locale.ts";

export type FieldTypeName =
  | "text"
  | "long_text"
  | "rich_text"
  | "number"
  | "currency"
  | "percent"
  | "date"
  | "datetime"
  | "boolean"
  | "single_select"
  | "multi_select"
  | "email"
  | "phone"
  | "url"
  | "address"
  | "user"
  | "relation"
  | "attachment"
  | "auto_number"
  | "department"
  | "formula";

export interface SelectOption {
  value: string;
  labels: Translatable;
  color?: string;
}

export interface RelationConfig {
  target: string;
  cardinality: "many_to_one" | "many_to_many";
  /** Name of the reverse list on the target (customer.contacts for contact.customer). */
  inverse_name: string;
  inverse_labels: Translatable;
}

/** Type-specific settings, all optional on input and filled with defaults on resolve. */
export interface FieldConfig {
  max_length?: number;
  scale?: number;
  min?: number;
  max?: number;
  options?: SelectOption[];
  max_selected?: number;
  default_currency?: string;
  relation?: RelationConfig;
  pattern?: string;
  max_files?: number;
  multiple?: boolean;
  /** Formula fields: the expression, and its result type as the server inferred it (never client input). */
  expression?: string;
  result_type?: FormulaValueType;
  /**
   * Formula fields: whose access rollups aggregate with. Absent or `reader`: the records the reading user
   * may read (ADR 0015); `system`: every live record, for every reader (an explicit admin choice).
   */
  rollup_as?: "system" | "reader";
  /** Formula fields: kept in a column maintained on every write (deterministic formulas only). */
  stored?: boolean;
}

/** What an admin sends to create or change a field. */
export interface FieldDefinitionInput {
  api_name: string;
  type: FieldTypeName;
  labels: Translatable;
  help_text?: Translatable | null;
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  read_only?: boolean;
  default?: unknown;
  config?: FieldConfig;
}

/** One physical column a field is stored in. SQL types come from the field-type registry, never from input. */
export interface ColumnSpec {
  name: string;
  sqlType: string;
  /** `references` is resolved by schema sync to a table in the workspace schema or a system table. */
  references?: { kind: "object"; object: string } | { kind: "users" } | { kind: "departments" };
}

/** A field after validation and defaults: downstream code never re-applies defaults. */
export interface FieldDefinition {
  id: string;
  objectApiName: string;
  apiName: string;
  type: FieldTypeName;
  labels: Translatable;
  helpText: Translatable | null;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  readOnly: boolean;
  defaultValue: unknown;
  config: FieldConfig;
  position: number;
  /** Soft-deleted fields keep their column but are invisible to the API until restored or purged. */
  hidden: boolean;
  /**
   * Its column is being filled after the change that created it committed (a stored formula's backfill):
   * reads compute the value instead of reading the column, filters and sorts on it are refused meanwhile.
   */
  filling?: boolean;
}

export interface ObjectDefinitionInput {
  api_name: string;
  labels: Translatable;
  plural_labels?: Translatable;
  description?: Translatable | null;
  /** The field shown when a record is referenced (e.g. the customer name). */
  display_field?: string | null;
  /** Org-wide default for records of this object (Salesforce's OWD). */
  sharing_default?: SharingDefault;
  /** What members of the owner's department may do with the owner's records. */
  team_access?: TeamAccess;
  /** Composite indexes for the filter + sort pairs people use most (e.g. region + amount). */
  indexes?: Array<{ fields: string[] }>;
}

/** An index over several fields (the id is appended so keyset pages use it end to end). */
export interface CompositeIndex {
  fields: string[];
}

export type SharingDefault = "private" | "public_read" | "public_read_write";
export type TeamAccess = "none" | "read" | "edit";

export interface ObjectDefinition {
  id: string;
  apiName: string;
  labels: Translatable;
  pluralLabels: Translatable;
  description: Translatable | null;
  displayField: string | null;
  sharingDefault: SharingDefault;
  teamAccess: TeamAccess;
  indexes: CompositeIndex[];
  fields: FieldDefinition[];
}

/** A reverse relation as seen from the target object. */
export interface InverseRelation {
  apiName: string;
  labels: Translatable;
  sourceObject: string;
  sourceField: string;
  cardinality: "many_to_one" | "many_to_many";
}

export interface MetadataSnapshot {
  version: number;
  objects: Map<string, ObjectDefinition>;
}
