import { Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useExpiredSession, useSession } from "../api/session.ts";
import { ErrorResult } from "./error-result.tsx";
import { ReloginModal } from "./relogin-modal.tsx";

/** Shows its children to a signed-in user; sends everyone else to the login page and back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const expired = useExpiredSession();
  const location = useLocation();
  if (session.isLoading) {
    return (
      <div style={{ display: "grid", placeItems: "center", height: "100vh" }}>
        <Spin size="large" />
      </div>
    );
  }
  if (session.error) return <ErrorResult error={session.error} onRetry={() => session.refetch()} />;
  if (expired) {
    return (
      <>
        {children}
        <ReloginModal email={expired} />
      </>
    );
  }
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
