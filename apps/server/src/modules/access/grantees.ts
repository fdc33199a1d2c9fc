import { KeduoError } from "@keduo/core";
import type { Trx } from "../../db/database.ts";
import { invalidReference, orgRowExists } from "./org-change.ts";

export type GranteeKind = "user" | "department" | "role";

const TABLES = { user: "users", role: "roles", department: "departments" } as const;

/** A share or rule must name an existing user, role or department; otherwise a 400 on `grantee_id`. */
export async function assertGranteeExists(trx: Trx, kind: GranteeKind, id: string): Promise<void> {
  if (!(await orgRowExists(trx, TABLES[kind], id)))
    throw new KeduoError("VALIDATION_FAILED", { issues: [invalidReference("grantee_id", id)] });
}
