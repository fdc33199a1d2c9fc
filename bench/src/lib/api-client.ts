import { Agent, request as httpRequest } from "node:http";

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

/** Talks to a running Keduo over HTTP with an API token, as an integration would. */
export class ApiClient {
  readonly baseUrl: string;
  readonly token: string;
  private readonly headers: Record<string, string>;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.headers = { authorization: `Bearer ${token}`, "accept-language": "en" };
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers =
      body === undefined ? this.headers : { ...this.headers, "content-type": "application/json" };
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("json") ?? false;
    return { status: response.status, body: (isJson && text ? JSON.parse(text) : text) as T, text };
  }

  /**
   * The status and raw body, unparsed, so a loop times the server, not JSON.parse. It goes through node:http
   * on a kept-alive socket rather than fetch: this client shares the server's event loop, and fetch's own
   * work per call (~0.3 ms of streams and header objects) would be counted as the server's. The records
   * bench's write loops go further and run in a client thread (`measureInThread`).
   */
  send(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const headers: Record<string, string | number> =
      body === undefined
        ? this.headers
        : { ...this.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    return sendOverHttp(this.agent, this.baseUrl + path, method, headers, body);
  }

  /** The response body, or an error naming the call when the status is not the expected one. */
  async expect<T = unknown>(method: string, path: string, body: unknown, status: number): Promise<T> {
    const response = await this.request<T>(method, path, body);
    if (response.status !== status)
      throw new Error(
        `${method} ${path} answered ${response.status} (expected ${status}): ${response.text.slice(0, 500)}`,
      );
    return response.body;
  }
}

/** Signs in with a password, then creates an API token with the session (cookie + CSRF header). */
export async function createApiToken(baseUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200)
    throw new Error(`login as ${email} failed: ${login.status} ${await login.text()}`);
  const { csrf_token: csrfToken } = (await login.json()) as { csrf_token: string };
  const cookie = login.headers
    .getSetCookie()
    .map((entry) => entry.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("keduo_session="));
  if (!cookie) throw new Error("login set no session cookie");
  const created = await fetch(`${baseUrl}/api/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({ name: `bench ${new Date().toISOString()}` }),
  });
  if (created.status !== 201)
    throw new Error(`token creation failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

/** One request on `agent`'s kept-alive sockets: the status and the body as text. */
export function sendOverHttp(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string | number>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
