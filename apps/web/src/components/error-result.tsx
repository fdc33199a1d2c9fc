import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { isProblem } from "../api/problem.ts";

/** A page-level error: the server's problem title and detail (already in the UI language) or a network hint. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = isProblem(error) ? error : null;
  const network = problem?.code === "NETWORK_ERROR";
  const status = problem?.status === 404 ? "404" : problem?.status === 403 ? "403" : "error";
  return (
    <Result
      status={status}
      title={network ? t("errors.loadFailed") : (problem?.title ?? t("errors.generic"))}
      subTitle={network ? t("errors.network") : (problem?.detail ?? String((error as Error)?.message ?? ""))}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t("common.retry")}
          </Button>
        ) : null
      }
    />
  );
}

/** The message to show for a failed action, in the UI language. */
export function problemMessage(error: unknown, t: (key: "errors.network" | "errors.generic") => string) {
  if (isProblem(error)) {
    if (error.code === "NETWORK_ERROR") return t("errors.network");
    return error.detail || error.title;
  }
  return t("errors.generic");
}
