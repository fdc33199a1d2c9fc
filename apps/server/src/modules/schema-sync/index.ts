export { planConversion } from "./conversions.ts";
export { findBlanks, findDuplicates, findOffending, type OffendingRecords } from "./data-checks.ts";
export {
  addFieldStorage,
  compositeIndexStatements,
  constraintStatements,
  createObjectTable,
  dropFieldStorage,
  dropObjectTable,
  hasColumn,
  type Statement,
} from "./ddl.ts";
export { junctionTable, objectTable, plainIndexName } from "./names.ts";
