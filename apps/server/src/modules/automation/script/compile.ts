import { getQuickJS } from "quickjs-emscripten";
import { type CompileResult, compileScript as compileWith } from "./sandbox.ts";

/*
 * Compiling a script when its automation is saved, on the server's own thread: the definition checker is
 * synchronous and compiling runs nothing (QuickJS's compile-only mode), so it needs no worker. The WebAssembly
 * module is loaded once, when the server's modules load.
 */
const quickjs = await getQuickJS();

export const compileScript = (source: string): CompileResult => compileWith(quickjs, source);
