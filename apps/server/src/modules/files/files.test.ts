import { createHash } from "node:crypto";
import { uuidv7 } from "@keduo/core";
import { type KyselyPlugin, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.ts";
import { createKeduo } from "../../server.ts";
import { startTestApp, TEST_ADMIN, type TestApp } from "../../test/test-app.ts";
import { createFileStorage, DEFAULT_MAX_FILE_BYTES } from "./index.ts";

const ALL_BYTES = Uint8Array.from({ length: 256 * 4 }, (_, i) => (i * 7 + 3) % 256);
const CHINESE_NAME = "华东区 报价单（终版）'v2'.bin";

let app: TestApp;
let cookie: string;

// HttpClient decodes every body as text; downloads are compared byte by byte, so they go through fetch.
async function sessionCookie(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(TEST_ADMIN),
  });
  expect(response.status).toBe(200);
  const pair = response.headers
    .getSetCookie()
    .map((entry) => entry.split(";")[0] ?? "")
    .find((entry) => entry.startsWith("keduo_session="));
  return pair!;
}

async function download(
  path: string,
  headers: Record<string, string> = {},
  base = app.url,
  session = cookie,
) {
  const response = await fetch(base + path, { headers: { cookie: session, ...headers } });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

function upload(bytes: Uint8Array, contentType: string, name?: string) {
  const headers: Record<string, string> = { "content-type": contentType };
  if (name !== undefined) headers["x-file-name"] = encodeURIComponent(name);
  return app.admin.post("/api/files", bytes, headers);
}

async function countFiles(): Promise<number> {
  const row = await app.database.db
    .selectFrom("files")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  app = await startTestApp();
  cookie = await sessionCookie(app.url);
});

afterAll(async () => {
  await app?.close();
});

describe("POST /api/files", () => {
  it("stores the raw body with its type, decoded Chinese name, size and hash", async () => {
    const response = await upload(ALL_BYTES, "application/octet-stream", CHINESE_NAME);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: CHINESE_NAME,
      size: ALL_BYTES.length,
      content_type: "application/octet-stream",
      sha256: sha256(ALL_BYTES),
      created_at: app.clock.now().toISOString(),
    });
    expect(response.headers.get("location")).toBe(`/api/files/${response.body.id}`);
  });

  it("keeps the bytes in the files table, so every app instance on the database sees them", async () => {
    const { body } = await upload(ALL_BYTES, "image/png", "图.png");
    const row = await app.database.db
      .selectFrom("files")
      .select(["data", "storage", "created_by", "size"])
      .where("id", "=", body.id)
      .executeTakeFirstOrThrow();
    expect(row.storage).toBe("pg");
    expect(Buffer.compare(row.data!, Buffer.from(ALL_BYTES))).toBe(0);
    expect(row.size).toBe(ALL_BYTES.length);
    expect(row.created_by).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps JSON and text uploads as bytes instead of parsing them", async () => {
    const json = Buffer.from('{ "客户": 1 }\n');
    const text = Buffer.from("你好，世界\r\n");
    const jsonUpload = await upload(json, "application/json", "data.json");
    const textUpload = await upload(text, "text/plain; charset=utf-8", "hello.txt");
    expect(jsonUpload.status).toBe(201);
    expect(textUpload.status).toBe(201);
    expect(textUpload.body.content_type).toBe("text/plain; charset=utf-8");
    expect((await download(`/api/files/${jsonUpload.body.id}`)).bytes).toEqual(json);
    const textDownload = await download(`/api/files/${textUpload.body.id}`);
    expect(textDownload.bytes).toEqual(text);
    expect(textDownload.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it('names the file "file" when X-File-Name is absent', async () => {
    const response = await upload(Buffer.from("x"), "application/pdf");
    expect(response.status).toBe(201);
    expect(response.body.name).toBe("file");
  });

  it("rejects an empty file with a 400 problem", async () => {
    const before = await countFiles();
    const response = await upload(new Uint8Array(0), "application/octet-stream", "empty.bin");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe("FILE_EMPTY");
    expect(await countFiles()).toBe(before);
  });

  it("rejects a name that is not percent-encoded UTF-8", async () => {
    const response = await app.admin.post("/api/files", Buffer.from("x"), {
      "content-type": "text/plain",
      "x-file-name": "%E4%B8",
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("FILE_NAME_INVALID");
  });

  it("rejects a file over the limit with 413 problem+json and stores nothing", async () => {
    const before = await countFiles();
    const response = await upload(
      new Uint8Array(DEFAULT_MAX_FILE_BYTES + 1),
      "application/octet-stream",
      "big.bin",
    );
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await countFiles()).toBe(before);
  });

  it("refuses anonymous uploads", async () => {
    const response = await app.anonymous.post("/api/files", Buffer.from("x"), {
      "content-type": "text/plain",
    });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe("UNAUTHENTICATED");
  });

  it("leaves JSON parsing of other routes alone", async () => {
    const response = await app.anonymous.post("/api/auth/login", "{not json", {
      "content-type": "application/json",
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("BAD_REQUEST");
  });
});

describe("GET /api/files/:id", () => {
  it("downloads the identical bytes with type, disposition, nosniff and ETag", async () => {
    const { body } = await upload(ALL_BYTES, "image/png", CHINESE_NAME);
    const response = await download(`/api/files/${body.id}`);
    expect(response.status).toBe(200);
    expect(Buffer.compare(response.bytes, Buffer.from(ALL_BYTES))).toBe(0);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-length")).toBe(String(ALL_BYTES.length));
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("etag")).toBe(`"${sha256(ALL_BYTES)}"`);
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename\*=UTF-8''[A-Za-z0-9%._~!#$&+^`|-]+$/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(CHINESE_NAME);
  });

  it("answers 304 when the client already has the content", async () => {
    const { body } = await upload(Buffer.from("cached"), "text/plain", "c.txt");
    const response = await download(`/api/files/${body.id}`, { "if-none-match": `"${body.sha256}"` });
    expect(response.status).toBe(304);
    expect(response.bytes.length).toBe(0);
    expect((await download(`/api/files/${body.id}`, { "if-none-match": '"other"' })).status).toBe(200);
  });

  it("answers 404 FILE_NOT_FOUND for unknown and malformed ids", async () => {
    for (const id of [uuidv7(), "not-a-uuid"]) {
      for (const path of [`/api/files/${id}`, `/api/files/${id}/meta`]) {
        const response = await app.admin.get(path);
        expect(response.status, path).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe("FILE_NOT_FOUND");
      }
    }
  });

  it("refuses anonymous downloads", async () => {
    const { body } = await upload(Buffer.from("secret"), "text/plain", "s.txt");
    for (const path of [`/api/files/${body.id}`, `/api/files/${body.id}/meta`]) {
      const response = await app.anonymous.get(path);
      expect(response.status, path).toBe(401);
    }
  });

  it("serves a file uploaded through another app instance on the same database", async () => {
    const { body } = await upload(ALL_BYTES, "application/octet-stream", "共享.bin");
    const schemaPrefix = app.database.schemas.system.slice(0, -"keduo".length);
    const other = await createKeduo({
      config: loadConfig({
        KEDUO_ADMIN_EMAIL: TEST_ADMIN.email,
        KEDUO_ADMIN_PASSWORD: TEST_ADMIN.password,
        KEDUO_SCHEMA_PREFIX: schemaPrefix,
      }),
      clock: app.clock,
      database: app.database,
    });
    try {
      await other.app.listen({ port: 0, host: "127.0.0.1" });
      const address = other.app.server.address();
      const url = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
      const response = await download(`/api/files/${body.id}`, {}, url, await sessionCookie(url));
      expect(response.status).toBe(200);
      expect(Buffer.compare(response.bytes, Buffer.from(ALL_BYTES))).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe("GET /api/files/:id/meta", () => {
  it("returns the stored metadata", async () => {
    const { body } = await upload(ALL_BYTES, "application/zip", "归档.zip");
    const response = await app.admin.get(`/api/files/${body.id}/meta`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(body);
  });
});

describe("FileStorage", () => {
  it("describes many files in one query, keyed by the ids as given, skipping unknown and malformed ids", async () => {
    const files = createFileStorage({ database: app.database, clock: app.clock });
    const a = (await upload(Buffer.from("a"), "text/plain", "a.txt")).body;
    const b = (await upload(Buffer.from("bb"), "text/plain", "b.txt")).body;
    const queries: string[] = [];
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const unknown = uuidv7();
    const found = await app.database.db.transaction().execute(async (trx) => {
      const described = await files.describeMany(trx.withPlugin(counting), [
        a.id,
        b.id,
        a.id.toUpperCase(),
        unknown,
        "bogus",
      ]);
      // The transaction is still usable: a malformed id must not have aborted it.
      await sql`SELECT 1`.execute(trx);
      return described;
    });
    expect(queries).toHaveLength(1);
    expect([...found.keys()]).toEqual([a.id, b.id, a.id.toUpperCase()]);
    expect(found.get(a.id)).toEqual(a);
    expect(found.get(b.id)).toEqual(b);

    queries.length = 0;
    expect((await files.describeMany(app.database.db.withPlugin(counting), [])).size).toBe(0);
    expect(queries).toHaveLength(0);
  });

  it("saves up to its limit and refuses one byte more", async () => {
    const files = createFileStorage({ database: app.database, clock: app.clock, maxBytes: 10 });
    const saved = await files.saveUpload({
      name: "ten.bin",
      contentType: "Application/Octet-Stream",
      bytes: Buffer.alloc(10, 1),
      userId: null,
    });
    expect(saved.size).toBe(10);
    expect(saved.content_type).toBe("application/octet-stream");
    await expect(
      files.saveUpload({ name: "eleven.bin", contentType: "x/y", bytes: Buffer.alloc(11), userId: null }),
    ).rejects.toMatchObject({ code: "FILE_TOO_LARGE", params: { size: 11, limit: 10 } });
  });

  it("rolls the file back with the caller's transaction", async () => {
    const files = createFileStorage({ database: app.database, clock: app.clock });
    const before = await countFiles();
    await expect(
      app.database.db.transaction().execute(async (trx) => {
        await files.save(trx, {
          name: "x",
          contentType: "text/plain",
          bytes: Buffer.from("x"),
          userId: null,
        });
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await countFiles()).toBe(before);
  });

  it("deletes a file and its bytes", async () => {
    const files = createFileStorage({ database: app.database, clock: app.clock });
    const { body } = await upload(Buffer.from("gone"), "text/plain", "gone.txt");
    const deleted = await app.database.db.transaction().execute((trx) => files.delete(trx, body.id));
    expect(deleted).toBe(true);
    expect(await files.read(body.id)).toBeNull();
    expect((await download(`/api/files/${body.id}`)).status).toBe(404);
    expect(await app.database.db.transaction().execute((trx) => files.delete(trx, body.id))).toBe(false);
  });
});
