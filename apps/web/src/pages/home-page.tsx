import { Button, Empty, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { useObjects } from "../api/metadata.queries.ts";
import { isAdminUser, useCurrentUser } from "../api/session.ts";
import { taskShape } from "../api/tasks.queries.ts";
import { ErrorResult } from "../components/error-result.tsx";

/**
 * The start page: a rep's day starts from their tasks (the task inbox, where a task object exists); admins and
 * installations without tasks open the first readable object's list; with no objects the admin gets the designer.
 */
export function HomePage() {
  const { t } = useTranslation();
  const objects = useObjects();
  const user = useCurrentUser();
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
        <Link to="/admin/objects">
          <Button type="primary">{t("home.openDesigner")}</Button>
        </Link>
      ) : null}
    </Empty>
  );
}
