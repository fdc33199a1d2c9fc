import type { MetadataSnapshot } from "@keduo/core";
import type { RegisteredRoute } from "../route-registry.ts";
import { buildOpenApiDocument } from "./build-openapi-document.ts";
import type { OpenApiDocument } from "./openapi-document.ts";

export interface CachedOpenApi {
  metadataVersion: number;
  document: OpenApiDocument;
  /** Serialized once per build: the document is large and requests for it are frequent (codegen, UIs). */
  json: string;
}

/**
 * The document depends only on the routes (fixed once the app is ready) and the metadata snapshot, so it is
 * rebuilt only when the metadata version changes.
 */
export function createOpenApiCache(deps: {
  routes: { readonly routes: readonly RegisteredRoute[] };
  metadata: { current(): Promise<MetadataSnapshot> };
}) {
  let cached: CachedOpenApi | null = null;
  return {
    async current(): Promise<CachedOpenApi> {
      const snapshot = await deps.metadata.current();
      if (cached?.metadataVersion === snapshot.version) return cached;
      const document = buildOpenApiDocument(deps.routes.routes, snapshot);
      const built = { metadataVersion: snapshot.version, document, json: JSON.stringify(document) };
      // A slow request holding an older snapshot must not replace a newer document.
      if (!cached || snapshot.version > cached.metadataVersion) cached = built;
      return built;
    },
  };
}
