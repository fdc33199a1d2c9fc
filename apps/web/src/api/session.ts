import type { Locale } from "@keduo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { currentLanguage, i18n } from "../i18n/index.ts";
import { http, setCsrfToken } from "./http-client.ts";
import { isProblem } from "./problem.ts";
import type { Session, User } from "./types.ts";

export const sessionKey = ["session"] as const;
/** The email of a session that expired while a page was open (the page stays; a sign-in dialog shows). */
export const expiredSessionKey = ["session-expired"] as const;

// A language picked on the login page is a choice for this user: it is saved at sign-in.
let chosenBeforeSignIn: Locale | null = null;

/** The language switch of the login page (nobody is signed in yet to save it for). */
export function chooseLanguageBeforeSignIn(locale: Locale): void {
  chosenBeforeSignIn = locale;
  void i18n.changeLanguage(locale);
}

/** Applies a signed-in user's saved language (null: keep the browser's). */
function adoptSession(session: Session): Session {
  setCsrfToken(session.csrf_token);
  if (session.permissions) session.user.permissions = session.permissions;
  if (session.user.locale && session.user.locale !== currentLanguage()) {
    void i18n.changeLanguage(session.user.locale);
  }
  return session;
}

/** The signed-in user, or null. A 401 is an answer here ("nobody"), not an error. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        return adoptSession(await http.get<Session>("/api/auth/me"));
      } catch (error) {
        if (isProblem(error) && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function useCurrentUser(): User | null {
  return useSession().data?.user ?? null;
}

/**
 * Whether the UI offers administration (designer, users). From the system permissions `/api/auth/me`
 * reports; right after sign-in, before that answer, the admin role stands in. The server checks every call.
 */
export const isAdminUser = (user: User | null) =>
  user?.permissions ? user.permissions.includes("manage_metadata") : (user?.roles.includes("admin") ?? false);

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      http.post<Session>("/api/auth/login", credentials),
    onSuccess: async (session) => {
      const chosen = chosenBeforeSignIn;
      chosenBeforeSignIn = null;
      if (chosen && chosen !== session.user.locale) {
        setCsrfToken(session.csrf_token);
        const saved = await http.patch<{ user: User }>("/api/auth/me", { locale: chosen }).catch(() => null);
        if (saved) session = { ...session, user: saved.user };
      }
      // The login answer lacks the permissions and readable objects that the navigation and the start page
      // need (the start page must not open an object the user may not read): /api/auth/me has them.
      setCsrfToken(session.csrf_token);
      const full = await http.get<Session>("/api/auth/me").catch(() => null);
      queryClient.setQueryData(sessionKey, adoptSession(full ?? session));
      // After a sign-in over an open page (expired session), what failed meanwhile loads again.
      if (queryClient.getQueryData(expiredSessionKey)) {
        queryClient.setQueryData(expiredSessionKey, null);
        void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      }
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<void>("/api/auth/logout"),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(sessionKey, null);
      queryClient.setQueryData(expiredSessionKey, null);
    },
  });
}

/** Switches the UI language; for a signed-in user the choice is saved on the server (PATCH /api/auth/me). */
export function useSwitchLanguage() {
  const queryClient = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      await i18n.changeLanguage(locale);
      const session = queryClient.getQueryData<Session | null>(sessionKey);
      if (!session) return;
      const { user } = await http.patch<{ user: User }>("/api/auth/me", { locale });
      queryClient.setQueryData<Session | null>(sessionKey, (old) => (old ? { ...old, user } : old));
    },
    [queryClient],
  );
}

/** Set when the server answered 401 to a signed-in page. */
export function useExpiredSession(): string | null {
  return (
    useQuery({
      queryKey: expiredSessionKey,
      queryFn: () => null as string | null,
      staleTime: Number.POSITIVE_INFINITY,
      enabled: false,
    }).data ?? null
  );
}
