/**
 * Preloaded by `npm start` (`node --import=…`), before any other module: on Linux with glibc, restarts the
 * process once, in place (`process.execve`: same pid, same flags), with a fixed malloc mmap threshold
 * (ADR 0036).
 *
 * glibc serves allocations above its mmap threshold (128 KiB) with their own mappings, returned to the system
 * when freed — but every such free raises the threshold, up to 32 MiB. After the first seconds (the embedded
 * database's WebAssembly compiled on V8's threads, buffers of an upload) large allocations come from malloc's
 * arenas instead, which keep their pages: a fresh `keduo start` idled at 403 MiB RSS, 281 MiB with the
 * threshold fixed. glibc reads the setting only when the process starts, hence the restart; elsewhere (macOS,
 * Windows, musl) this does nothing.
 */
const SETTING = "MALLOC_MMAP_THRESHOLD_";

function usesGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return Boolean(report?.header?.glibcVersionRuntime);
}

if (
  process.platform === "linux" &&
  process.env[SETTING] === undefined &&
  typeof process.execve === "function"
) {
  if (usesGlibc())
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      ...process.env,
      [SETTING]: "131072",
    });
}
