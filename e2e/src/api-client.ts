/** A signed-in API client for preparing data and changing it behind the browser's back. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly cookie: string;
  private readonly csrf: string;

  private constructor(baseUrl: string, cookie: string, csrf: string) {
    this.baseUrl = baseUrl;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  static async login(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const body = (await response.json()) as { csrf_token: string };
    return new ApiClient(baseUrl, cookie, body.csrf_token);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        "x-csrf-token": this.csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
