import { ProblemError } from "./problem.ts";

/**
 * The one way the web app talks to the server. It sends the UI language (the server answers messages in
 * it), the CSRF token on writes (cookie sessions must prove the request came from our page), and turns
 * error answers into `ProblemError`s.
 */
interface ClientState {
  csrfToken: string | null;
  language: () => string;
  onUnauthenticated: () => void;
}

const state: ClientState = {
  csrfToken: null,
  language: () => "zh-CN",
  onUnauthenticated: () => {},
};

export function configureHttpClient(options: Partial<ClientState>): void {
  Object.assign(state, options);
}

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export type QueryParams = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: QueryParams;
  /** JSON-encoded unless it is a Blob/File (sent raw, for uploads). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": state.language(),
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (method !== "GET" && state.csrfToken) headers["x-csrf-token"] = state.csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ProblemError(0, { code: "NETWORK_ERROR", title: (error as Error).message });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { title: text.slice(0, 200) };
  }
  if (!response.ok) {
    const problem = new ProblemError(response.status, (parsed ?? {}) as Record<string, unknown>);
    if (problem.code === "UNAUTHENTICATED") state.onUnauthenticated();
    throw problem;
  }
  return parsed as T;
}

export const http = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>("POST", path, { body, headers }),
  patch: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>("PATCH", path, { body, headers }),
  delete: <T>(path: string, headers?: Record<string, string>) => request<T>("DELETE", path, { headers }),
};
