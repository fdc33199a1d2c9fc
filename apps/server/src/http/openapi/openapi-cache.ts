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

/** The objects and fields one audience may see; `key` names the audience (e.g. its roles). */
export interface OpenApiView {
  key: string;
  snapshot: MetadataSnapshot;
}

/**
 * The document depends only on the routes (fixed once the app is ready) and the metadata one audience may
 * see, so it is built once per metadata version and audience (a role combination) and then served as is.
 */
export function createOpenApiCache(deps: { routes: { readonly routes: readonly RegisteredRoute[] } }) {
  let version = -1;
  const byAudience = new Map<string, CachedOpenApi>();
  return {
    current(view: OpenApiView): CachedOpenApi {
      const { snapshot } = view;
      // A request holding an older snapshot builds for itself but never replaces newer documents.
      if (snapshot.version > version) {
        version = snapshot.version;
        byAudience.clear();
      }
      const cached = byAudience.get(view.key);
      if (cached && cached.metadataVersion === snapshot.version) return cached;
      const document = buildOpenApiDocument(deps.routes.routes, snapshot);
      const built = { metadataVersion: snapshot.version, document, json: JSON.stringify(document) };
      if (snapshot.version === version) byAudience.set(view.key, built);
      return built;
    },
  };
}
