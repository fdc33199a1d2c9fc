import { type FieldIssue, isValidApiName } from "@keduo/core";
import type { BundleItem, BundleSection, BundleSections, JsonObject, Placement } from "./bundle-section.ts";
import { BUNDLE_ISSUE_MESSAGES, type BundleIssueCode } from "./bundles.errors.ts";
import { canonicalJson } from "./canonical-json.ts";

/** A bundle as files: path → text. The HTTP API carries exactly this; the CLI reads and writes a folder. */
export type BundleFiles = Record<string, string>;

export interface BundleManifest {
  name: string;
  version: string;
  kinds: string[];
}

/** A bundle item with where it came from, for the plan and for problems. */
export interface LocatedItem extends BundleItem {
  kind: string;
  /** `objects/account.json#fields.industry`: the file and the place in it. */
  path: string;
}

export const BUNDLE_LIMITS = { fileBytes: 1_048_576, files: 2_000 } as const;
export const MANIFEST = "bundle.json";
const FORMAT = 1;

export function issue(field: string, code: BundleIssueCode, params?: FieldIssue["params"]): FieldIssue {
  return { field, code, message: BUNDLE_ISSUE_MESSAGES[code], ...(params ? { params } : {}) };
}

const objectFile = (object: string) => `objects/${object}.json`;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Where an item sits: its file, the place in the file and the name it has there. */
export function locate(placement: Placement, key: string): { file: string; path: string; name: string } {
  if (placement.file !== "object") {
    return { file: placement.file, path: `${placement.file}#${placement.slot}.${key}`, name: key };
  }
  const dot = key.indexOf(".");
  const object = dot < 0 ? key : key.slice(0, dot);
  const name = dot < 0 ? "" : key.slice(dot + 1);
  const file = objectFile(object);
  return { file, path: name ? `${file}#${placement.slot}.${name}` : `${file}#${placement.slot}`, name };
}

/** The files of a bundle holding `items` (per kind, in each section's export order). */
export function writeBundle(
  manifest: Omit<BundleManifest, "kinds">,
  sections: readonly BundleSection[],
  items: Map<string, BundleItem[]>,
): BundleFiles {
  const documents = new Map<string, JsonObject>();
  const documentOf = (file: string) => {
    const document = documents.get(file) ?? {};
    documents.set(file, document);
    return document;
  };
  for (const section of sections) {
    const { placement } = section;
    for (const item of items.get(section.kind) ?? []) {
      const { file, name } = locate(placement, item.key);
      const document = documentOf(file);
      if (placement.shape === "single") document[placement.slot] = item.content;
      else if (placement.shape === "list") {
        const list = (document[placement.slot] as JsonObject[] | undefined) ?? [];
        document[placement.slot] = [...list, item.content];
      } else {
        const map = (document[placement.slot] as JsonObject | undefined) ?? {};
        document[placement.slot] = { ...map, [name]: item.content };
      }
    }
  }
  const files: BundleFiles = {
    [MANIFEST]: canonicalJson({
      format: FORMAT,
      name: manifest.name,
      version: manifest.version,
      kinds: sections.map((s) => s.kind).sort(),
    }),
  };
  for (const [file, document] of [...documents].sort(([a], [b]) => a.localeCompare(b)))
    files[file] = canonicalJson(document);
  return files;
}

function unsafePath(path: string): boolean {
  return (
    path.startsWith("/") ||
    path.includes("\\") ||
    path.includes("\0") ||
    path.split("/").some((part) => part === ".." || part === "." || part === "")
  );
}

export interface ReadBundle {
  manifest: BundleManifest | null;
  items: LocatedItem[];
  problems: FieldIssue[];
  /** Problems that stop the bundle before anything is planned (unsafe paths, limits, no manifest). */
  fatal: boolean;
}

/** Parses and checks a bundle's files, collecting every problem instead of stopping at the first. */
export function readBundle(files: unknown, registry: BundleSections): ReadBundle {
  const problems: FieldIssue[] = [];
  const items: LocatedItem[] = [];
  if (!isObject(files)) {
    problems.push(issue("files", "missing_manifest"));
    return { manifest: null, items, problems, fatal: true };
  }
  const entries = Object.entries(files);
  if (entries.length > BUNDLE_LIMITS.files)
    problems.push(issue("files", "too_many_files", { max: BUNDLE_LIMITS.files }));
  const documents = new Map<string, unknown>();
  for (const [path, text] of entries) {
    if (unsafePath(path)) problems.push(issue(path, "unsafe_path"));
    else if (typeof text !== "string")
      problems.push({ field: path, code: "invalid_type", params: { expected: "text" } });
    else if (Buffer.byteLength(text) > BUNDLE_LIMITS.fileBytes)
      problems.push(issue(path, "file_too_large", { max: BUNDLE_LIMITS.fileBytes }));
    else {
      try {
        documents.set(path, JSON.parse(text));
      } catch (error) {
        problems.push(issue(path, "invalid_json", { reason: (error as Error).message }));
      }
    }
  }
  const manifest = readManifest(documents.get(MANIFEST), registry, problems);
  if (problems.length || !manifest) return { manifest, items, problems, fatal: true };
  const sections = registry.list();
  for (const [path, document] of documents) {
    if (path === MANIFEST) continue;
    const objectName = /^objects\/([^/]+)\.json$/.exec(path)?.[1];
    const candidates = sections.filter((s) =>
      objectName !== undefined ? s.placement.file === "object" : s.placement.file === path,
    );
    if ((objectName !== undefined && !isValidApiName(objectName)) || candidates.length === 0) {
      problems.push(issue(path, "unknown_file", { path }));
      continue;
    }
    if (!isObject(document)) {
      problems.push({ field: path, code: "invalid_type", params: { expected: "{…}" } });
      continue;
    }
    for (const [slot, value] of Object.entries(document)) {
      const section = candidates.find((s) => s.placement.slot === slot);
      if (!section) problems.push(issue(`${path}#${slot}`, "unknown_kind", { kind: slot }));
      else items.push(...readSlot(section, path, objectName ?? null, value, problems));
    }
  }
  return { manifest, items, problems, fatal: false };
}

function readManifest(document: unknown, registry: BundleSections, problems: FieldIssue[]) {
  if (!isObject(document)) {
    problems.push(issue(MANIFEST, "missing_manifest"));
    return null;
  }
  const { name, version, kinds, format } = document;
  if (format !== FORMAT)
    problems.push({ field: `${MANIFEST}#format`, code: "invalid_option", params: { value: String(format) } });
  if (typeof name !== "string" || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name))
    problems.push({ field: `${MANIFEST}#name`, code: "invalid_format", params: { format: "a-z 0-9 . _ -" } });
  if (typeof version !== "string" || version.length === 0 || version.length > 50)
    problems.push({ field: `${MANIFEST}#version`, code: "required" });
  const kindList = Array.isArray(kinds) ? kinds : [];
  kindList.forEach((kind, index) => {
    if (typeof kind !== "string" || !registry.find(kind))
      problems.push(issue(`${MANIFEST}#kinds.${index}`, "unknown_kind", { kind: String(kind) }));
  });
  return { name: String(name), version: String(version), kinds: kindList.map(String) };
}

function readSlot(
  section: BundleSection,
  path: string,
  objectName: string | null,
  value: unknown,
  problems: FieldIssue[],
): LocatedItem[] {
  const { slot, shape } = section.placement;
  const where = `${path}#${slot}`;
  const qualify = (name: string) => (objectName ? `${objectName}.${name}` : name);
  const item = (key: string, content: unknown, itemPath: string): LocatedItem[] => {
    if (!isObject(content)) {
      problems.push({ field: itemPath, code: "invalid_type", params: { expected: "{…}" } });
      return [];
    }
    return [{ kind: section.kind, key, content, path: itemPath }];
  };
  if (shape === "single") return item(objectName ?? "", value, where);
  if (shape === "map") {
    if (!isObject(value)) {
      problems.push({ field: where, code: "invalid_type", params: { expected: "{…}" } });
      return [];
    }
    return Object.entries(value).flatMap(([name, content]) =>
      item(qualify(name), content, `${where}.${name}`),
    );
  }
  if (!Array.isArray(value)) {
    problems.push({ field: where, code: "invalid_type", params: { expected: "[…]" } });
    return [];
  }
  const seen = new Set<string>();
  return value.flatMap((content, index) => {
    const name = isObject(content) ? content.api_name : undefined;
    if (typeof name !== "string" || !name) {
      problems.push({ field: `${where}.${index}.api_name`, code: "required" });
      return [];
    }
    if (seen.has(name)) {
      problems.push({ field: `${where}.${index}.api_name`, code: "duplicate_name", params: { value: name } });
      return [];
    }
    seen.add(name);
    return item(qualify(name), content, `${where}.${name}`);
  });
}
