import { type Clock, createFormulaContext, type FieldDefinition } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import {
  type AccessContext,
  assertObjectPermission,
  recordPredicate,
  restrictModel,
} from "../access/index.ts";
import { modelOrThrow } from "../metadata/index.ts";
import { formulaSqlOf } from "./formula-columns.ts";

/** The table alias every read of one object uses for its rows. */
export const ALIAS = "t";

export interface ReadDeps {
  database: Database;
  clock: Clock;
  config: ServerConfig;
}

/**
 * The object as `access` may read it, the row predicate that goes into every query on it, and one clock
 * reading for the whole read: TODAY() and NOW() of formula fields, relative dates of filters.
 */
export function readScope(deps: ReadDeps, objectName: string, access: AccessContext) {
  const full = modelOrThrow(access.snapshot, objectName);
  assertObjectPermission(access, objectName, "read");
  const { clock, config, database } = deps;
  const context = createFormulaContext(clock, config.timeZone);
  const formulaSql = formulaSqlOf(access.snapshot, database.schemas, context, access);
  const filterContext = {
    schemas: database.schemas,
    alias: ALIAS,
    today: context.today,
    timeZone: context.timeZone,
    formula: (field: FieldDefinition) => formulaSql(field, ALIAS),
    currentUserId: access.userId,
  };
  const predicate = recordPredicate(access, full, "read", { ...filterContext });
  return { full, model: restrictModel(full, access), predicate, context, formulaSql, filterContext };
}

export type ReadScope = ReturnType<typeof readScope>;
