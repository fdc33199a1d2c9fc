import { ArrowLeftOutlined, DeleteOutlined } from "@ant-design/icons";
import { App, Button, Flex, Popconfirm, Result, Skeleton, Tabs, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { type Automation, useAutomation, useDeleteAutomation } from "../../api/automations.queries.ts";
import { useObjects } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { AutomationEditor } from "../../components/automations/automation-editor.tsx";
import { AutomationRunLog } from "../../components/automations/run-log.tsx";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { useLabel } from "../../i18n/index.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

function DeleteButton({ automation }: { automation: Automation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const remove = useDeleteAutomation();
  const confirm = async () => {
    try {
      await remove.mutateAsync(automation.id);
      message.success(t("automations.editor.deleted"));
      navigate("/admin/automations");
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Popconfirm
      title={t("automations.editor.deleteConfirm")}
      description={t("automations.editor.deleteDetail")}
      okText={t("common.delete")}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: true }}
      onConfirm={confirm}
    >
      <Button
        danger
        icon={<DeleteOutlined />}
        aria-label={t("automations.editor.delete")}
        data-testid="automation-delete"
      >
        {isPhone ? null : t("automations.editor.delete")}
      </Button>
    </Popconfirm>
  );
}

function Header({
  title,
  automation,
  object,
}: {
  title: string;
  automation?: Automation;
  object?: ObjectMeta;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  return (
    <Flex justify="space-between" align="center" gap={8}>
      <Flex gap={4} align="center" style={{ minWidth: 0 }}>
        <Link to="/admin/automations">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("automations.editor.back")} />
        </Link>
        <Typography.Title
          level={isPhone ? 4 : 3}
          style={{ margin: 0 }}
          ellipsis={{ tooltip: title }}
          data-testid="automation-title"
        >
          {title}
        </Typography.Title>
        {object && !isPhone ? <Tag style={{ marginInlineStart: 8 }}>{label(object.labels)}</Tag> : null}
      </Flex>
      {automation ? <DeleteButton automation={automation} /> : null}
    </Flex>
  );
}

/**
 * /admin/automations/new (?object= preselects the object) and /admin/automations/:id: the editor, and for a
 * saved automation its run log in a second tab (?tab=runs opens it).
 */
export default function AutomationEditorPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { id } = useParams<{ id: string }>();
  const [params, setParams] = useSearchParams();
  const objects = useObjects();
  const automation = useAutomation(id);
  const all = objects.data?.objects ?? [];
  const saved = automation.data;
  const title = saved ? label(saved.labels) || saved.api_name : t("automations.editor.newTitle");
  useDocumentTitle(title);

  if (objects.isLoading || automation.isLoading) return <Skeleton active />;
  if (automation.error)
    return isProblem(automation.error) && automation.error.status === 404 ? (
      <Result
        status="404"
        title={t("automations.editor.notFound")}
        extra={<Link to="/admin/automations">{t("automations.editor.back")}</Link>}
      />
    ) : (
      <ErrorResult error={automation.error} onRetry={() => automation.refetch()} />
    );
  if (objects.error) return <ErrorResult error={objects.error} onRetry={() => objects.refetch()} />;
  const objectName = saved?.object ?? params.get("object") ?? all[0]?.api_name ?? "";
  const object = all.find((o) => o.api_name === objectName);
  // A new automation's form is the whole page; a saved one's shares it with the run log.
  const editor = (
    <AutomationEditor key={saved?.id ?? "new"} automation={saved} object={objectName} objects={all} />
  );
  return (
    <Flex vertical gap={12} style={{ maxWidth: 1000 }} data-testid="automation-editor-page">
      <Header title={title} automation={saved} object={saved ? object : undefined} />
      {saved ? (
        <Tabs
          activeKey={params.get("tab") === "runs" ? "runs" : "settings"}
          onChange={(tab) => setParams(tab === "runs" ? { tab } : {}, { replace: true })}
          items={[
            { key: "settings", label: t("automations.editor.settings"), children: editor },
            {
              key: "runs",
              label: <span data-testid="automation-runs-tab">{t("automations.editor.runs")}</span>,
              children: <AutomationRunLog automationId={saved.id} />,
            },
          ]}
        />
      ) : (
        editor
      )}
    </Flex>
  );
}
