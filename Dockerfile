# syntax=docker/dockerfile:1

# Keduo server image. Node 24 runs the TypeScript sources directly (type stripping): there is no build step.
# Build: docker build -t keduo .     Run: see compose.yaml

# ---- install: production node_modules + sources -----------------------------------------------------------
FROM node:24-bookworm-slim AS install
WORKDIR /app

# Manifests first, so the dependency layer is reused when only sources change.
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY apps/server/package.json apps/server/
COPY bench/package.json bench/
COPY apps/web/package.json apps/web/
COPY e2e/package.json e2e/
# npm ci's postinstall applies these fixes to dependencies (patch-package), e.g. exceljs's UTF-8 decoding.
COPY patches/ patches/

# Install exactly the locked tree (dev dependencies too: Vite builds the web app).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

COPY . .

# Build the web app, then drop dev dependencies, including the `node` devDependency that provides Node 24 in
# development/CI: at runtime the image's own Node 24 runs the server.
RUN npm run build:web && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----------------------------------------------------------------------------------------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KEDUO_DATA_DIR=/data
WORKDIR /app

# Code stays root-owned (read-only for the app); only the data directory is writable by `node`.
COPY --from=install /app /app
# pg_dump / pg_restore for `keduo backup` and `keduo restore` against PostgreSQL (must be ≥ the server's major).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 3000

USER node

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node as PID 1 does not get default signal handling: run with `--init` (compose: `init: true`) so that
# `docker stop` delivers SIGTERM promptly, unless the server handles SIGTERM itself.
CMD ["node", "apps/server/src/cli.ts", "start"]
