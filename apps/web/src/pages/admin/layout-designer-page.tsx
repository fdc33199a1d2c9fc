import { ArrowLeftOutlined, PlusOutlined, SaveOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Flex, Skeleton, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { type FormLayout, layoutKey, saveLayout, useLayout } from "../../api/layouts.queries.ts";
import { useObject } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { isAdminUser, useCurrentUser } from "../../api/session.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { newSectionId, normaliseSections } from "../../components/layout/layout-draft.ts";
import { useWarnBeforeUnload } from "../../components/leave-guard.tsx";
import { useLabel } from "../../i18n/index.ts";
import { visibleFields } from "../../lib/metadata.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { LayoutDesignerBoard } from "./layout-designer-board.tsx";

interface SaveProblem {
  kind: "conflict" | "invalid" | "other";
  title: string;
  lines: string[];
}

/** Server paths like `sections.1.label.en` named the way the admin sees them: “Section 2 (Money): …”. */
function problemLines(error: unknown, sectionName: (index: number) => string): string[] {
  if (!isProblem(error)) return [];
  return error.errors.map((issue) => {
    const match = /^sections\.(\d+)/.exec(issue.field);
    return match ? `${sectionName(Number(match[1]))}: ${issue.message}` : issue.message;
  });
}

function LayoutEditor({
  object,
  objects,
  layout,
}: {
  object: ObjectMeta;
  objects: ObjectMeta[];
  layout: FormLayout;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const initial = useMemo(
    () => normaliseSections(layout.sections, visibleFields(object)),
    [layout.sections, object],
  );
  const [sections, setSections] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const dirty = JSON.stringify(sections) !== JSON.stringify(initial);
  useWarnBeforeUnload(dirty);

  const sectionName = (index: number) =>
    `#${index + 1}${sections[index] ? ` ${label(sections[index].label)}` : ""}`.trim();

  const addSection = () =>
    setSections([
      ...sections,
      {
        id: newSectionId(),
        label: { "zh-CN": t("layouts.designer.newSection"), en: t("layouts.designer.newSectionEn") },
        columns: 2,
        items: [],
      },
    ]);

  const save = async () => {
    const unnamed = sections.findIndex((s) => !s.label["zh-CN"].trim() || !s.label.en.trim());
    if (unnamed >= 0) {
      setProblem({
        kind: "invalid",
        title: t("layouts.designer.labelRequired"),
        lines: [sectionName(unnamed)],
      });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const saved = await saveLayout(object.api_name, layout.version, sections);
      queryClient.setQueryData(layoutKey(object.api_name), saved);
      message.success(t("layouts.designer.saved"));
    } catch (error) {
      if (isProblem(error) && error.code === "LAYOUT_VERSION_CONFLICT") {
        setProblem({ kind: "conflict", title: t("layouts.designer.conflict"), lines: [] });
      } else if (isProblem(error) && error.errors.length) {
        setProblem({ kind: "invalid", title: error.title, lines: problemLines(error, sectionName) });
      } else {
        setProblem({ kind: "other", title: problemMessage(error, t), lines: [] });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div style={{ minWidth: 0 }}>
          <Link to={`/admin/objects/${object.api_name}`}>
            <Button type="link" size="small" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
              {t("layouts.designer.backToObject")}
            </Button>
          </Link>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="layout-designer-title">
            {t("layouts.designer.title")} · {label(object.labels)}
          </Typography.Title>
          <Typography.Text type="secondary">{t("layouts.designer.dragHint")}</Typography.Text>
          {dirty ? (
            <Tag color="orange" style={{ marginInlineStart: 8 }}>
              {t("layouts.designer.unsaved")}
            </Tag>
          ) : null}
        </div>
        <Flex gap={8} align="center">
          <Button icon={<PlusOutlined />} onClick={addSection} data-testid="add-section">
            {t("layouts.designer.addSection")}
          </Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={save}
            loading={saving}
            disabled={!dirty && layout.version > 0}
            data-testid="save-layout"
          >
            {t("layouts.designer.save")}
          </Button>
        </Flex>
      </Flex>
      {layout.version === 0 ? (
        <Alert type="info" showIcon title={t("layouts.designer.defaultNotice")} />
      ) : null}
      {problem ? (
        <Alert
          type={problem.kind === "conflict" ? "warning" : "error"}
          showIcon
          title={problem.title}
          data-testid="layout-error"
          description={
            problem.kind === "conflict" ? (
              <>
                <Typography.Paragraph style={{ marginBottom: 8 }}>
                  {t("layouts.designer.conflictDetail")}
                </Typography.Paragraph>
                <Button
                  onClick={() => queryClient.invalidateQueries({ queryKey: layoutKey(object.api_name) })}
                >
                  {t("layouts.designer.reload")}
                </Button>
              </>
            ) : problem.lines.length ? (
              problem.lines.map((line) => <div key={line}>{line}</div>)
            ) : undefined
          }
        />
      ) : null}
      <LayoutDesignerBoard
        object={object}
        objects={objects}
        sections={sections}
        onChange={setSections}
        isPhone={isPhone}
      />
    </Flex>
  );
}

/** `/admin/objects/:object/layout`: the sections of the object's record page and form, by drag and drop. */
export default function LayoutDesignerPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { object: apiName } = useParams();
  const { object, objects, isLoading, error } = useObject(apiName);
  const layout = useLayout(apiName);
  useDocumentTitle(t("layouts.designer.title"));

  if (!isAdminUser(user)) return <Navigate to="/" replace />;
  if (isLoading || layout.isLoading) return <Skeleton active />;
  if (error || layout.error)
    return <ErrorResult error={error ?? layout.error} onRetry={() => layout.refetch()} />;
  if (!object || !layout.data)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  // A new version (saved here, or reloaded after a conflict) starts the editor afresh from it.
  return (
    <LayoutEditor
      key={`${object.api_name}:${layout.data.version}`}
      object={object}
      objects={objects}
      layout={layout.data}
    />
  );
}
