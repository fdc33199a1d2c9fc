import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev -w apps/web` proxies the API to a server started with `npm start` (port 3000).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The hashed files under /assets/ are served with immutable caching (apps/server/src/http/web-app.routes.ts).
    assetsDir: "assets",
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
