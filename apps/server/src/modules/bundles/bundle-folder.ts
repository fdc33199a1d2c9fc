import { lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { BUNDLE_LIMITS, type BundleFiles } from "./bundle-files.ts";

/** A bundle written as a folder: one file per path, folders made as needed. */
export async function writeBundleFolder(dir: string, files: BundleFiles): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, ...path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
}

/** Every regular file under `dir`, by its `/`-separated path; links are refused (they could point anywhere). */
export async function readBundleFolder(dir: string): Promise<BundleFiles> {
  const files: BundleFiles = {};
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = relative(dir, path).split(sep).join("/");
      if (entry.isDirectory()) await walk(path);
      else if (!entry.isFile()) throw new Error(`${name} is not a regular file; a bundle holds only files.`);
      // Too big to read: a stand-in the bundle's own size check refuses, with the file named.
      else if ((await lstat(path)).size > BUNDLE_LIMITS.fileBytes)
        files[name] = " ".repeat(BUNDLE_LIMITS.fileBytes + 1);
      else files[name] = await readFile(path, "utf8");
    }
  };
  await walk(dir);
  return files;
}
