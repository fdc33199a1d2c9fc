import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundleFiles, MANIFEST, readBundleFolder } from "../bundles/index.ts";

/** `templates/` at the root of the project: apps built on the platform, each a bundle folder (ADR 0022). */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../../../../templates/", import.meta.url));

/** A template name that is not a folder of templates/; the message lists the ones there are. */
export class UnknownTemplateError extends Error {
  override name = "UnknownTemplateError";
}

/** The names of the templates shipped: the folders of templates/ holding a bundle manifest. */
export function templateNames(): string[] {
  if (!existsSync(TEMPLATES_DIR)) return [];
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(TEMPLATES_DIR, entry.name, MANIFEST)))
    .map((entry) => entry.name)
    .sort();
}

/** A shipped template's files, as `keduo bundle apply` reads a folder. */
export async function readTemplate(name: string): Promise<BundleFiles> {
  const names = templateNames();
  if (!names.includes(name))
    throw new UnknownTemplateError(
      `There is no template "${name}" (templates/${name}/${MANIFEST}); the templates are: ${names.join(", ") || "none"}.`,
    );
  return readBundleFolder(join(TEMPLATES_DIR, name));
}
