import { isKeduoError } from "@keduo/core";
import { ConfigError } from "../config.ts";
import { DataDirLockedError } from "../db/data-dir-lock.ts";
import { UnfinishedDataDirRestoreError } from "../db/data-dir-recovery.ts";
import { UnfinishedRestoreError } from "../db/interrupted-restore.ts";
import { renderProblem } from "../http/problem.ts";
import {
  BackupFormatError,
  BackupPassphraseError,
  BackupRefusedError,
  BackupToolError,
} from "../modules/backup/index.ts";
import { DemoUnavailableError } from "../modules/demo/index.ts";
import { UnknownTemplateError } from "../modules/templates/index.ts";
import "../modules/auth/index.ts"; // registers the error codes create-admin can raise

/** A framed block, so a one-time secret stands out from the log lines around it. */
export function box(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "─".repeat(width + 2);
  return [`┌${rule}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${rule}┘`].join("\n");
}

/** Errors the operator can fix are printed as a message, not a stack trace; the rest in full. */
export function describeFatalError(error: unknown): string {
  const plain = [
    ConfigError,
    DataDirLockedError,
    BackupRefusedError,
    BackupFormatError,
    BackupPassphraseError,
    BackupToolError,
    UnfinishedRestoreError,
    UnfinishedDataDirRestoreError,
    UnknownTemplateError,
    DemoUnavailableError,
  ];
  if (plain.some((type) => error instanceof type)) return (error as Error).message;
  if (isKeduoError(error)) {
    const problem = renderProblem(error, "en");
    if (!problem.errors?.length) return `${problem.title}: ${problem.detail}`;
    return [
      `${problem.title}:`,
      ...problem.errors.map((issue) => `  - ${issue.field}: ${issue.message}`),
    ].join("\n");
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE" || code === "EACCES") {
    return `Cannot listen: ${(error as Error).message}. Set PORT (and HOST) to a free address.`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
