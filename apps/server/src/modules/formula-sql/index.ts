export {
  type ColumnSort,
  type DateColumnPlan,
  dateColumnPlanOf,
  type ValueFilter,
} from "./date-column-plan.ts";
export { DIRECTORY_COLUMNS, directorySql, directoryTable } from "./directory-sql.ts";
export { fieldsReadBy } from "./formula-dependencies.ts";
export { checkFormulaField, resolveFormulaField } from "./formula-fields.ts";
export { formulaFieldsGuard } from "./formula-guard.ts";
export {
  fullFormulaSchema,
  type NameOrigin,
  nameOrigin,
  SYSTEM_COLUMNS,
  visibleFormulaSchema,
} from "./formula-schema.ts";
export { assertNotFilling } from "./formula-sql.errors.ts";
export { formulaFieldSql, objectSqlScope } from "./object-sql-scope.ts";
export { type PriorRow, priorRowsSql, priorScope } from "./prior-rows.ts";
export { type ReaderPredicate, readsStoredColumn } from "./reader-scope.ts";
export {
  type BackfillMetadata,
  createStoredFormulaBackfills,
  type StoredFormulaBackfills,
} from "./stored-formula-backfills.ts";
export { registerStoredFormulaHooks, storedFormulasGuard } from "./stored-formula-hooks.ts";
export {
  formulaReach,
  hasFilledColumn,
  isStoredFormula,
  storedColumnType,
} from "./stored-formula-paths.ts";
export type { StoredValueChange } from "./stored-formula-sql.ts";
