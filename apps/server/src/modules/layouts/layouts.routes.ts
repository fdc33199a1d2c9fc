import type { FastifyInstance, FastifyReply } from "fastify";
import { requireAccess } from "../access/index.ts";
import { ifMatchVersion } from "../records/index.ts";
import {
  type FormLayout,
  MAX_ITEMS,
  MAX_LABEL_LENGTH,
  MAX_SECTION_ID_LENGTH,
  MAX_SECTIONS,
} from "./layout.ts";
import type { LayoutsService } from "./layouts.service.ts";
import type { LayoutInput } from "./resolve-layout-input.ts";

const tags = ["metadata"];
const objectParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 } },
  required: ["object"],
} as const;
const text = { type: "string", maxLength: 1000 } as const;
// Bounds and types only: the meaning (known fields, labels present, 1–3 columns) is checked by the service,
// which reports every problem at once with its path.
const layoutBody = {
  type: "object",
  properties: {
    version: { type: "integer", minimum: 0 },
    sections: {
      type: "array",
      maxItems: MAX_SECTIONS,
      items: {
        type: "object",
        properties: {
          id: { type: "string", maxLength: MAX_SECTION_ID_LENGTH * 4 },
          label: {
            type: "object",
            properties: {
              "zh-CN": { type: "string", maxLength: MAX_LABEL_LENGTH * 4 },
              en: { type: "string", maxLength: MAX_LABEL_LENGTH * 4 },
            },
          },
          columns: { type: "integer" },
          items: {
            type: "array",
            maxItems: MAX_ITEMS,
            items: {
              type: "object",
              properties: { kind: text, field: text, object: text },
            },
          },
        },
      },
    },
  },
} as const;

type Params = { Params: { object: string } };

function withEtag(reply: FastifyReply, layout: FormLayout) {
  reply.header("etag", `"${layout.version}"`);
  return layout;
}

export async function registerLayoutRoutes(app: FastifyInstance, deps: { layouts: LayoutsService }) {
  const { layouts } = deps;

  app.get<Params>(
    "/api/layouts/:object",
    {
      config: {
        access: "authenticated",
        summary:
          "An object's form layout (sections, columns, fields, sub-forms) as the caller may see it; a default while none is saved",
        tags,
      },
      schema: { params: objectParams },
    },
    async (request, reply) =>
      withEtag(reply, await layouts.get(request.params.object, requireAccess(request))),
  );

  app.put<Params & { Body: LayoutInput }>(
    "/api/layouts/:object",
    {
      config: {
        access: "manage_metadata",
        summary: "Replace an object's form layout; send If-Match (or version) with the version you edited",
        tags,
      },
      schema: { params: objectParams, body: layoutBody },
    },
    async (request, reply) => {
      const expected = ifMatchVersion(request.headers["if-match"], "layout") ?? request.body.version;
      const layout = await layouts.put(request.params.object, request.body, expected, requireAccess(request));
      return withEtag(reply, layout);
    },
  );
}
