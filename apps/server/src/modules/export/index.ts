export { listSeparator } from "./cell-values.ts";
export { UTF8_BOM } from "./csv-writer.ts";
export { neutraliseCsvText, restoreCsvText } from "./neutralise.ts";
export { COLUMNS_SHEET } from "./xlsx-export.ts";
