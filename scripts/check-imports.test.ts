import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkImports, findCycles, readImportGraph } from "./check-imports.ts";

const script = join(import.meta.dirname, "check-imports.ts");
const serverSources = join(import.meta.dirname, "..", "apps", "server", "src");
const made: string[] = [];

/** A throwaway source tree: path → file text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "check-imports-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

const layered = {
  "server.ts": [
    'import { createA } from "./modules/a/index.ts";',
    'import { registerARoutes } from "./modules/a/a.routes.ts";',
    'import { createHttpApp } from "./http/app.ts";',
  ].join("\n"),
  "http/app.ts": 'import type { A } from "../modules/a/index.ts";\nexport const createHttpApp = 1;',
  "db/database.ts": "export type Db = unknown;",
  "modules/a/index.ts": 'export { createA, type A } from "./a.service.ts";',
  "modules/a/a.service.ts":
    'import type { Db } from "../../db/database.ts";\nexport type A = Db;\nexport const createA = 1;',
  "modules/a/a.routes.ts": 'import { createA } from "./index.ts";\nexport const registerARoutes = createA;',
  "modules/b/index.ts": 'import type { A } from "../a/index.ts";\nexport type B = A;',
};

describe("check-imports", () => {
  it("accepts a tree whose imports point downwards and reach other modules through index.ts", () => {
    expect(checkImports(tree(layered))).toEqual([]);
  });

  it("finds a cycle made only of type imports, named as a path", () => {
    const root = tree({
      ...layered,
      "modules/a/a.service.ts":
        'import type { B } from "../b/index.ts";\nexport type A = B;\nexport const createA = 1;',
    });
    expect(findCycles(readImportGraph(root))).toEqual([
      ["modules/a/a.service.ts", "modules/a/index.ts", "modules/b/index.ts"],
    ]);
    const problems = checkImports(root);
    expect(problems.map((p) => p.rule)).toEqual(["cycle"]);
    expect(problems[0]!.message).toContain(
      "modules/a/a.service.ts → modules/b/index.ts → modules/a/index.ts → modules/a/a.service.ts",
    );
  });

  it("counts `export … from`, `import()` and `import(…).T` as imports", () => {
    const root = tree({
      "x.ts": 'export { y } from "./y.ts";',
      "y.ts": 'export const y = async () => (await import("./z.ts")).z;',
      "z.ts": 'export const z: import("./x.ts").Unused = 1;\nexport type Unused = number;',
    });
    expect(findCycles(readImportGraph(root))).toEqual([["x.ts", "y.ts", "z.ts"]]);
  });

  it("refuses module code importing http/, even a route file", () => {
    const root = tree({
      ...layered,
      "modules/a/a.routes.ts": 'import { createHttpApp } from "../../http/app.ts";',
    });
    expect(checkImports(root).map((p) => p.rule)).toContain("module-imports-http");
  });

  it("refuses a deep import into another module, from a module or from outside", () => {
    const root = tree({
      ...layered,
      "modules/b/index.ts": 'import type { A } from "../a/a.service.ts";\nexport type B = A;',
      "cli/run.ts": 'import { createA } from "../modules/a/a.service.ts";',
      "http/app.ts": 'import { registerARoutes } from "../modules/a/a.routes.ts";',
    });
    const deep = checkImports(root).filter((p) => p.rule === "deep-module-import");
    expect(deep.map((p) => p.message.split(" ")[0])).toEqual([
      "cli/run.ts:1",
      "http/app.ts:1",
      "modules/b/index.ts:1",
    ]);
  });

  it("refuses a module index that pulls in routes, even through another file", () => {
    const root = tree({
      ...layered,
      "modules/a/index.ts": 'export { createA, type A } from "./a.service.ts";\nexport * from "./wiring.ts";',
      "modules/a/wiring.ts": 'export { registerARoutes } from "./a.routes.ts";',
      "modules/a/a.routes.ts":
        'import { createA } from "./a.service.ts";\nexport const registerARoutes = createA;',
    });
    const problems = checkImports(root);
    // b's index imports a's, so it pulls the routes in too.
    expect(problems.map((p) => p.rule)).toEqual(["index-pulls-in-routes", "index-pulls-in-routes"]);
    expect(problems[0]!.message).toContain(
      "modules/a/index.ts → modules/a/wiring.ts → modules/a/a.routes.ts",
    );
    expect(problems[1]!.message).toContain("modules/b/index.ts → modules/a/index.ts → modules/a/wiring.ts");
  });

  it("refuses db/ importing a module", () => {
    const root = tree({
      ...layered,
      "db/database.ts": 'import type { A } from "../modules/a/index.ts";\nexport type Db = A;',
    });
    expect(checkImports(root).map((p) => p.rule)).toContain("upward-import");
  });

  it("exits 1 and prints each problem from the command line", () => {
    const root = tree({
      ...layered,
      "modules/a/a.routes.ts": 'import { createHttpApp } from "../../http/app.ts";',
    });
    const run = spawnSync(process.execPath, [script, root], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("module-imports-http: modules/a/a.routes.ts:1 imports http/app.ts");
    expect(spawnSync(process.execPath, [script, tree(layered)]).status).toBe(0);
  });

  // Parses every server file: seconds on a loaded machine.
  it("finds no problem in the server's sources", { timeout: 60_000 }, () => {
    expect(checkImports(serverSources)).toEqual([]);
  });
});
