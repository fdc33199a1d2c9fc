// `node scripts/check-imports.ts [dir]` (run by `npm run check`): the server's layers, checked on its import
// graph. Fails on
//   - any import cycle, type-only imports included (a type cycle is still two files that cannot be understood,
//     moved or tested apart; Biome's `noImportCycles` counts `import type` too, but not `import { type X }`);
//   - a file under `modules/` importing `http/` (routes of a module use contracts that live below `http/`);
//   - a file of the layers below the modules (`db/`, `runtime/`, `config.ts`, `import-limits.ts`) importing
//     `modules/` or `http/`;
//   - a file outside `modules/x/` importing anything of `modules/x/` but its `index.ts` (the composition root,
//     `server.ts`, also imports the `*.routes.ts` files it registers);
//   - a module's `index.ts` that pulls in, directly or through other files, a `*.routes.ts` file or `http/`
//     (the composition root registers routes; importing a module gives its service, never its routes).
// Biome's `noRestrictedImports` matches import strings, not resolved files, so it cannot say "only index.ts of
// another module" for every folder depth; this walks resolved paths instead.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** Files and folders below every module: they import neither `modules/` nor `http/`. */
const BELOW_MODULES = /^(db\/|runtime\/|config\.ts$|import-limits\.ts$)/;

/** The one file that wires modules together and registers their routes. */
const COMPOSITION_ROOT = "server.ts";

export interface ImportEdge {
  /** Paths relative to the checked directory, with `/` separators. */
  from: string;
  to: string;
  line: number;
  typeOnly: boolean;
}

export interface ImportProblem {
  rule: "cycle" | "module-imports-http" | "upward-import" | "deep-module-import" | "index-pulls-in-routes";
  message: string;
}

/** Every `.ts` file under `root`, each with the files it imports (relative specifiers only). */
export function readImportGraph(root: string): Map<string, ImportEdge[]> {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of listTsFiles(root)) {
    const from = toKey(root, file);
    const text = readFileSync(file, "utf8");
    const edges: ImportEdge[] = [];
    for (const found of importsOf(file, text)) {
      const target = resolveSpecifier(file, found.specifier);
      if (!target) continue;
      edges.push({ from, to: toKey(root, target), line: found.line, typeOnly: found.typeOnly });
    }
    graph.set(from, edges);
  }
  return graph;
}

/** All problems of the import graph of `root`, cycles first. */
export function checkImports(root: string): ImportProblem[] {
  const graph = readImportGraph(root);
  return [...cycleProblems(graph), ...boundaryProblems(graph), ...indexProblems(graph)];
}

/** Strongly connected components of more than one file (or a file importing itself): each is a cycle. */
export function findCycles(graph: Map<string, ImportEdge[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const edge of graph.get(node) ?? []) {
      if (!index.has(edge.to)) {
        visit(edge.to);
        low.set(node, Math.min(low.get(node)!, low.get(edge.to)!));
      } else if (onStack.has(edge.to)) {
        low.set(node, Math.min(low.get(node)!, index.get(edge.to)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfImport = (graph.get(node) ?? []).some((edge) => edge.to === node);
    if (component.length > 1 || selfImport) components.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

function cycleProblems(graph: Map<string, ImportEdge[]>): ImportProblem[] {
  return findCycles(graph).map((component) => {
    const path = shortestCycle(graph, component[0]!, new Set(component));
    return {
      rule: "cycle",
      message:
        `import cycle of ${component.length} file(s): ${path.join(" → ")}` +
        (component.length > path.length - 1 ? `\n  all files of the cycle: ${component.join(", ")}` : ""),
    };
  });
}

/** The shortest path start → … → start inside one component, for a readable message. */
function shortestCycle(graph: Map<string, ImportEdge[]>, start: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const edge of graph.get(node) ?? []) {
      if (!within.has(edge.to)) continue;
      if (edge.to === start) {
        const path: string[] = [];
        for (let at = node; at !== start; at = previous.get(at)!) path.unshift(at);
        return [start, ...path, start];
      }
      if (previous.has(edge.to)) continue;
      previous.set(edge.to, node);
      queue.push(edge.to);
    }
  }
  return [start, start];
}

function boundaryProblems(graph: Map<string, ImportEdge[]>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const edges of graph.values()) {
    for (const edge of edges) {
      const at = `${edge.from}:${edge.line}`;
      const fromModule = moduleOf(edge.from);
      if (fromModule && edge.to.startsWith("http/")) {
        problems.push({
          rule: "module-imports-http",
          message: `${at} imports ${edge.to}: module code never imports http/ (the route contract lives below it)`,
        });
      }
      if (BELOW_MODULES.test(edge.from) && /^(modules|http)\//.test(edge.to)) {
        problems.push({
          rule: "upward-import",
          message: `${at} imports ${edge.to}: ${edge.from} sits below the modules and http/`,
        });
      }
      const toModule = moduleOf(edge.to);
      const registersRoutes = edge.from === COMPOSITION_ROOT && edge.to.endsWith(".routes.ts");
      if (
        toModule &&
        toModule !== fromModule &&
        edge.to !== `modules/${toModule}/index.ts` &&
        !registersRoutes
      ) {
        problems.push({
          rule: "deep-module-import",
          message: `${at} imports ${edge.to}: outside modules/${toModule}/ import only its index.ts`,
        });
      }
    }
  }
  return problems;
}

function indexProblems(graph: Map<string, ImportEdge[]>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const file of graph.keys()) {
    if (!/^modules\/[^/]+\/index\.ts$/.test(file)) continue;
    const via = new Map<string, string>([[file, ""]]);
    const queue = [file];
    for (let i = 0; i < queue.length; i++) {
      for (const edge of graph.get(queue[i]!) ?? []) {
        if (via.has(edge.to)) continue;
        via.set(edge.to, queue[i]!);
        queue.push(edge.to);
      }
    }
    for (const reached of via.keys()) {
      if (!reached.endsWith(".routes.ts") && !reached.startsWith("http/")) continue;
      const chain = [reached];
      for (let at = via.get(reached); at; at = via.get(at)) chain.unshift(at);
      problems.push({
        rule: "index-pulls-in-routes",
        message: `${file} pulls in ${reached} (${chain.join(" → ")}): server.ts registers routes, a module's index exports its service`,
      });
    }
  }
  return problems;
}

/** `modules/records/x.ts` → "records"; null outside `modules/`. */
function moduleOf(file: string): string | null {
  return /^modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}

interface FoundImport {
  specifier: string;
  line: number;
  typeOnly: boolean;
}

/** Static imports, re-exports, `import()` calls and `import("…").T` types with a literal relative specifier. */
function importsOf(fileName: string, text: string): FoundImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: FoundImport[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    if (!specifier.text.startsWith(".")) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier.text, line, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && candidate.endsWith(".ts")) return candidate;
  }
  return null;
}

function listTsFiles(dir: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") files.push(...listTsFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

function toKey(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}

if (import.meta.main) {
  const root = resolve(process.argv[2] ?? join(import.meta.dirname, "..", "apps", "server", "src"));
  const problems = checkImports(root);
  for (const problem of problems) console.error(`${problem.rule}: ${problem.message}`);
  const cycles = problems.filter((problem) => problem.rule === "cycle").length;
  if (problems.length > 0) {
    console.error(
      `check-imports: ${problems.length} problem(s), ${cycles} cycle(s) in ${relative(".", root)}`,
    );
    process.exit(1);
  }
  console.log(`check-imports: no cycles, no upward or deep imports in ${relative(".", root) || "."}`);
}
