import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Skeleton, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { http } from "../api/http-client.ts";
import { objectsKey, useObjects } from "../api/metadata.queries.ts";
import { isAdminUser, useCurrentUser } from "../api/session.ts";
import { taskShape } from "../api/tasks.queries.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/**
 * The start page: a rep's day starts from their tasks (the task inbox, where a task object exists); admins and
 * installations without tasks open the first readable object's list; with no objects the admin is offered the
 * CRM template in one click, or the designer to start from scratch.
 */
export function HomePage() {
  const { t } = useTranslation();
  const objects = useObjects();
  const user = useCurrentUser();
  useDocumentTitle(t("home.title"));
  if (objects.isLoading) return <Skeleton active />;
  if (objects.error) return <ErrorResult error={objects.error} onRetry={() => objects.refetch()} />;
  if (!isAdminUser(user) && taskShape(objects.data?.objects)) return <Navigate to="/tasks" replace />;
  const first = objects.data?.objects.find((o) => o.my_permissions.read);
  if (first) return <Navigate to={`/o/${first.api_name}`} replace />;
  const admin = isAdminUser(user);
  return (
    <Empty
      style={{ marginTop: 80 }}
      description={
        <>
          <div>{t("home.welcome", { name: user?.name ?? "" })}</div>
          <div>
            {t("home.noObjects")} {admin ? t("home.noObjectsAdmin") : t("home.noObjectsUser")}
          </div>
        </>
      }
    >
      {admin ? (
        <Space wrap style={{ justifyContent: "center" }}>
          <InstallCrmButton />
          <Link to="/admin/objects">
            <Button>{t("home.openDesigner")}</Button>
          </Link>
        </Space>
      ) : null}
    </Empty>
  );
}

/** Applies the shipped CRM template (POST /api/admin/templates/crm/apply); the objects' lists then open. */
function InstallCrmButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [installing, setInstalling] = useState(false);
  const install = async () => {
    setInstalling(true);
    try {
      await http.post("/api/admin/templates/crm/apply", {});
      message.success(t("home.crmInstalled"));
      await queryClient.invalidateQueries({ queryKey: objectsKey });
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setInstalling(false);
    }
  };
  return (
    <Button type="primary" loading={installing} onClick={install} data-testid="install-crm">
      {t("home.installCrm")}
    </Button>
  );
}
