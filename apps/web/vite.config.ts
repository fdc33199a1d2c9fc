import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Writes .br and .gz next to each text asset; the server sends them to browsers that accept them. */
function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "keduo-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const assets = join(outDir, "assets");
      for (const name of readdirSync(assets)) {
        const path = join(assets, name);
        if (!/\.(js|css|svg|json)$/.test(name) || statSync(path).size < 1024) continue;
        const bytes = readFileSync(path);
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

// `npm run dev -w apps/web` proxies the API to a server started with `npm start` (port 3000).
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The hashed files under /assets/ are served with immutable caching (apps/server/src/http/web-app.routes.ts).
    assetsDir: "assets",
    // dist/.vite/manifest.json: which chunks the first page load needs (the e2e suite checks their size).
    manifest: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // packages/core is pure (DESIGN §1): importing it runs nothing. Saying so lets the bundle keep only
      // what the app uses (field types, locales), not the formula compiler and its SQL builder.
      treeshake: {
        moduleSideEffects: [
          { test: /[\\/]packages[\\/]core[\\/]src[\\/]/, sideEffects: false },
          { test: /[\\/]node_modules[\\/]kysely[\\/]/, sideEffects: false },
        ],
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
