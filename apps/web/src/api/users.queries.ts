import type { RolePermissions } from "@keduo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import type { Locale, Translatable, User } from "./types.ts";

/**
 * Whether the UI offers something that needs a system permission (from /api/auth/me); right after sign-in,
 * before that answer, the admin role stands in. The server checks every call anyway.
 */
export function hasPermission(user: User | null, permission: string): boolean {
  if (!user) return false;
  return user.permissions ? user.permissions.includes(permission) : user.roles.includes("admin");
}

/** The user directory's query key (shared with `useUsers` in metadata.queries.ts, which loads every page). */
export const usersKey = ["users"] as const;

export interface Role {
  id: string;
  api_name: string;
  labels: Translatable;
  is_system: boolean;
  /** Only for callers who manage users. */
  permissions?: RolePermissions;
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: ["meta", "roles"],
    queryFn: ({ signal }) =>
      http.get<{ roles: Role[] }>("/api/meta/roles", undefined, signal).then((r) => r.roles),
    enabled,
    staleTime: 60_000,
  });
}

export interface UserInput {
  email?: string;
  name?: string;
  roles?: string[];
  department_id?: string | null;
  manager_id?: string | null;
  locale?: Locale | null;
  password?: string;
  status?: "active" | "disabled";
  /** "YYYY-MM-DD": away until this day, passed over by assignment rules; null: not away. */
  away_until?: string | null;
}

/** POST /api/users; the directory reloads afterwards. */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserInput & { email: string; name: string; password: string }) =>
      http.post<{ user: User }>("/api/users", input).then((r) => r.user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** PATCH /api/users/{id}: profile, roles, status or a new password. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UserInput & { id: string }) =>
      http.patch<{ user: User }>(`/api/users/${id}`, input).then((r) => r.user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export type TokenScope = "read" | "write";

export interface ApiToken {
  id: string;
  name: string;
  token_prefix: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

/** A token as created: the only answer that carries its secret. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}

const tokensKey = ["auth", "tokens"] as const;

/** The signed-in user's API tokens (never their secrets). */
export function useTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) =>
      http.get<{ items: ApiToken[] }>("/api/auth/tokens", undefined, signal).then((r) => r.items),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: TokenScope[]; expires_at?: string }) =>
      http.post<CreatedApiToken>("/api/auth/tokens", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete<void>(`/api/auth/tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

// No look-alike characters (0/O, 1/l/I), so a password read aloud or copied by hand survives.
const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A random initial password (16 characters, ~93 bits) for the admin to hand over. */
export function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let password = "";
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  for (const byte of bytes) {
    if (byte >= limit) continue;
    password += PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length];
    if (password.length === length) break;
  }
  return password.length === length ? password : generatePassword(length);
}
