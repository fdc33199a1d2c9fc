export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  /** The body as received (downloads and exports are not UTF-8 text). */
  bytes: Uint8Array;
}

/** A tiny cookie-aware client for tests that talk to a real server over HTTP. */
export class HttpClient {
  readonly baseUrl: string;
  private cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;
  locale = "en";
  /** Texts this client's user must never receive (canaries in fields hidden from them): checked on every response. */
  mustNotSee: string[] = [];

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async login(email: string, password: string): Promise<HttpResponse> {
    const response = await this.request("POST", "/api/auth/login", { email, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.text}`);
    this.csrfToken = response.body.csrf_token;
    return response;
  }

  withToken(token: string): HttpClient {
    const client = new HttpClient(this.baseUrl);
    client.bearer = token;
    return client;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const allHeaders: Record<string, string> = { "accept-language": this.locale, ...headers };
    if (body !== undefined && !allHeaders["content-type"]) allHeaders["content-type"] = "application/json";
    if (this.cookie) allHeaders.cookie = this.cookie;
    if (this.csrfToken && method !== "GET") allHeaders["x-csrf-token"] ??= this.csrfToken;
    if (this.bearer) allHeaders.authorization = `Bearer ${this.bearer}`;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: allHeaders,
      body:
        body === undefined
          ? undefined
          : typeof body === "string" || body instanceof Uint8Array || body instanceof ReadableStream
            ? body
            : JSON.stringify(body),
      // a stream is sent chunked, without a declared length
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    });
    const setCookie = response.headers.getSetCookie();
    for (const entry of setCookie) {
      const [pair = ""] = entry.split(";");
      if (pair.startsWith("keduo_session=")) this.cookie = pair.endsWith("=") ? null : pair;
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const leaked = this.mustNotSee.find((canary) => text.includes(canary));
    if (leaked) throw new Error(`response to ${method} ${path} leaked a hidden value (${leaked})`);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text, bytes };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("GET", path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>("POST", path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>("PATCH", path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>("DELETE", path, undefined, headers);
  }
}
