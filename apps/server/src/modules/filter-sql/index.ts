import "./filter-sql.errors.ts";

export { checkFilterOrThrow, compileFilter, type FilterContext, filterFromText } from "./compile-filter.ts";
export { type FilterSqlScope, filterToSql } from "./filter-to-sql.ts";
