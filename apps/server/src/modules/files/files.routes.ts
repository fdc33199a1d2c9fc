import { KeduoError } from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import "./files.errors.ts";
import { attachmentDisposition, decodeFileNameHeader } from "./file-name.ts";
import type { FileStorage } from "./file-storage.ts";

const storedFileSchema = {
  type: "object",
  required: ["id", "name", "size", "content_type", "sha256", "created_at"],
  properties: {
    id: { type: "string", format: "uuid" },
    name: { type: "string" },
    size: { type: "integer" },
    content_type: { type: "string" },
    sha256: { type: "string" },
    created_at: { type: "string", format: "date-time" },
  },
} as const;

const idParamsSchema = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string" } },
} as const;

/** True when `If-None-Match` lists the ETag (or `*`); weak and strong forms compare equal for GET. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

export async function registerFileRoutes(
  app: FastifyInstance,
  deps: {
    files: FileStorage;
    /** Whether the caller may read the file: the access layer decides (uploader, or a readable record uses it). */
    mayRead(fileId: string, request: FastifyRequest): Promise<boolean>;
  },
) {
  const { files } = deps;
  // A file the caller may not read answers exactly like a missing one.
  const assertReadable = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    if (!(await deps.mayRead(request.params.id, request))) {
      throw new KeduoError("FILE_NOT_FOUND", { params: { id: request.params.id } });
    }
  };
  // Encapsulated so that raw-body parsing applies to the upload alone and JSON parsing elsewhere stays as it is.
  await app.register(async (scope) => {
    // Every body here is the file itself: a .json or .txt upload must stay bytes, not be parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "buffer", bodyLimit: files.maxBytes },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      "/api/files",
      {
        bodyLimit: files.maxBytes,
        config: {
          access: "authenticated",
          summary: "Upload a file (the raw body, named by X-File-Name)",
          tags: ["files"],
        },
        schema: {
          headers: {
            type: "object",
            properties: { "x-file-name": { type: "string", description: "Percent-encoded UTF-8 file name" } },
          },
          response: { 201: storedFileSchema },
        },
      },
      async (request, reply) => {
        const name = decodeFileNameHeader(request.headers["x-file-name"]);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const stored = await files.saveUpload({
          name,
          contentType: request.headers["content-type"] ?? "application/octet-stream",
          bytes,
          userId: request.principal?.userId ?? null,
        });
        return reply.status(201).header("location", `/api/files/${stored.id}`).send(stored);
      },
    );

    scope.get<{ Params: { id: string } }>(
      "/api/files/:id",
      {
        config: { access: "authenticated", summary: "Download a file", tags: ["files"] },
        schema: { params: idParamsSchema },
      },
      async (request, reply) => {
        await assertReadable(request);
        const found = await files.read(request.params.id);
        if (!found) throw new KeduoError("FILE_NOT_FOUND", { params: { id: request.params.id } });
        const { file, bytes } = found;
        const etag = `"${file.sha256}"`;
        reply
          .header("etag", etag)
          // private: downloads will depend on who asks; no-cache: revalidate, which the ETag makes cheap.
          .header("cache-control", "private, no-cache")
          .header("x-content-type-options", "nosniff");
        if (matchesEtag(request.headers["if-none-match"], etag)) return reply.status(304).send();
        return (
          reply
            .header("content-disposition", attachmentDisposition(file.name))
            // An uploaded HTML or SVG file must not run as a page of our origin if opened directly.
            .header("content-security-policy", "default-src 'none'; sandbox")
            .type(file.content_type)
            .send(bytes)
        );
      },
    );

    scope.get<{ Params: { id: string } }>(
      "/api/files/:id/meta",
      {
        config: { access: "authenticated", summary: "A file's metadata", tags: ["files"] },
        schema: { params: idParamsSchema, response: { 200: storedFileSchema } },
      },
      async (request) => {
        await assertReadable(request);
        const file = await files.describe(request.params.id);
        if (!file) throw new KeduoError("FILE_NOT_FOUND", { params: { id: request.params.id } });
        return file;
      },
    );
  });
}
