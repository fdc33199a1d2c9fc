import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { FIELD_ISSUE_MESSAGES, listErrorDefinitions } from "@keduo/core";
import { describe, expect, it } from "vitest";
// The composition root imports every module, so every module's codes are in the catalog.
import "../server.ts";

const root = new URL("../../../../", import.meta.url);
const doc = readFileSync(new URL("docs/errors.md", root), "utf8");
const regenerate = "docs/errors.md is out of date: run `npm run docs:errors`";

describe("docs/errors.md", () => {
  it("documents every error code with its status", () => {
    const codes = listErrorDefinitions();
    expect(codes.length).toBeGreaterThan(20);
    const missing = codes
      .filter(([code, definition]) => !doc.includes(`### ${code}\n\nHTTP ${definition.status}\n`))
      .map(([code]) => code);
    expect(missing, regenerate).toEqual([]);
  });

  it("documents every field issue code", () => {
    const missing = Object.keys(FIELD_ISSUE_MESSAGES).filter((code) => !doc.includes(`| \`${code}\` |`));
    expect(missing, regenerate).toEqual([]);
  });

  it("is exactly what the generator writes from the current catalog", async () => {
    const run = promisify(execFile)(process.execPath, ["scripts/gen-errors-doc.ts", "--check"], {
      cwd: root,
    });
    await expect(run, regenerate).resolves.toBeDefined();
  });
});
