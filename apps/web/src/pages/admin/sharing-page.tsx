import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Skeleton,
  Table,
  TreeSelect,
  Typography,
} from "antd";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { objectsKey, useDepartments, useObjects } from "../../api/metadata.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useRoles } from "../../api/users.queries.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { listFields } from "../../components/list/list-query.ts";
import { useLabel } from "../../i18n/index.ts";
import { EMPTY_FILTER, type FilterState, toApiFilter } from "../../lib/filter-model.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { ViewAsCard } from "./view-as-card.tsx";

const FilterBuilder = lazy(() =>
  import("../../components/filter-builder.tsx").then((m) => ({ default: m.FilterBuilder })),
);

interface SharingRule {
  id: string;
  name: string;
  filter: unknown;
  grantee_kind: "role" | "department";
  grantee_id: string;
  access: "read" | "edit";
}

type NewRule = {
  name: string;
  grantee_kind: "role" | "department";
  grantee_id?: string;
  access: "read" | "edit";
};

/** An object's sharing: who sees records by default, what the owner's department may do, and the rules. */
function ObjectSharing({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const departments = useDepartments(true);
  const rulesKey = ["sharing-rules", object.api_name];
  const rules = useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) =>
      http
        .get<{ rules: SharingRule[] }>(
          `/api/meta/objects/${object.api_name}/sharing-rules`,
          undefined,
          signal,
        )
        .then((r) => r.rules),
  });
  const [criteria, setCriteria] = useState<FilterState>(EMPTY_FILTER);
  const [form] = Form.useForm<NewRule>();
  const model = listFields(object);

  const act = async (action: () => Promise<unknown>, done: string, key: readonly unknown[] = rulesKey) => {
    try {
      await action();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  const setObject = (change: Record<string, string>) =>
    act(() => http.patch(`/api/meta/objects/${object.api_name}`, change), t("sharing.saved"), objectsKey);

  const granteeName = (rule: SharingRule) =>
    rule.grantee_kind === "role"
      ? label(roles.data?.find((r) => r.id === rule.grantee_id)?.labels)
      : (departments.data?.find((d) => d.id === rule.grantee_id)?.name ?? "");

  const addRule = (values: NewRule) =>
    act(async () => {
      await http.post(`/api/meta/objects/${object.api_name}/sharing-rules`, {
        name: values.name.trim(),
        filter: toApiFilter(criteria, model.fieldMap) ?? {},
        grantee_kind: values.grantee_kind,
        grantee_id: values.grantee_id,
        access: values.access,
      });
      form.resetFields();
      setCriteria(EMPTY_FILTER);
    }, t("sharing.ruleAdded"));

  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("sharing.defaults")}>
        <Typography.Paragraph type="secondary">{t("sharing.defaultHelp")}</Typography.Paragraph>
        <Radio.Group
          value={object.sharing_default ?? "public_read_write"}
          onChange={(e) => void setObject({ sharing_default: e.target.value })}
          options={(["private", "public_read", "public_read_write"] as const).map((v) => ({
            value: v,
            label: t(`sharing.default.${v}`),
          }))}
          data-testid="sharing-default"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t("sharing.teamHelp")}
        </Typography.Paragraph>
        <Segmented
          value={object.team_access ?? "none"}
          onChange={(v) => void setObject({ team_access: String(v) })}
          options={(["none", "read", "edit"] as const).map((v) => ({
            value: v,
            label: t(`sharing.team.${v}`),
          }))}
          data-testid="team-access"
        />
      </Card>
      <Card size="small" title={t("sharing.rules")}>
        {rules.isLoading ? (
          <Skeleton active />
        ) : (
          <Table<SharingRule>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={rules.data ?? []}
            locale={{ emptyText: t("sharing.noRules") }}
            columns={[
              { key: "name", title: t("sharing.ruleName"), dataIndex: "name" },
              { key: "grantee", title: t("sharing.grantee"), render: (_, r) => granteeName(r) },
              {
                key: "access",
                title: t("sharing.access"),
                render: (_, r) => t(`sharing.accessLevels.${r.access}`),
              },
              {
                key: "delete",
                title: "",
                render: (_, r) => (
                  <Popconfirm
                    title={t("sharing.deleteConfirm", { name: r.name })}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      act(
                        () => http.delete(`/api/meta/objects/${object.api_name}/sharing-rules/${r.id}`),
                        t("sharing.ruleDeleted"),
                      )
                    }
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
                  </Popconfirm>
                ),
              },
            ]}
          />
        )}
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t("sharing.addRule")}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("sharing.criteriaHelp")}</Typography.Paragraph>
        <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>
          <FilterBuilder fields={model.allFields} value={criteria} onApply={setCriteria} compact={isPhone} />
        </Suspense>
        <Form<NewRule>
          form={form}
          layout={isPhone ? "vertical" : "inline"}
          initialValues={{ grantee_kind: "role", access: "read" }}
          onFinish={(values) => void addRule(values)}
          style={{ marginTop: 12, rowGap: 8 }}
        >
          <Form.Item
            name="name"
            rules={[{ required: true, whitespace: true, message: t("sharing.nameRequired") }]}
          >
            <Input placeholder={t("sharing.ruleNamePlaceholder")} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="grantee_kind">
            <Segmented
              options={[
                { value: "role", label: t("sharing.toRole") },
                { value: "department", label: t("sharing.toDepartment") },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.grantee_kind !== b.grantee_kind}>
            {({ getFieldValue }) => (
              <Form.Item
                name="grantee_id"
                rules={[{ required: true, message: t("sharing.granteeRequired") }]}
              >
                {getFieldValue("grantee_kind") === "role" ? (
                  <Select
                    style={{ minWidth: 180 }}
                    placeholder={t("sharing.grantee")}
                    options={(roles.data ?? []).map((r) => ({ value: r.id, label: label(r.labels) }))}
                    data-testid="rule-grantee"
                  />
                ) : (
                  <TreeSelect
                    style={{ minWidth: 180 }}
                    placeholder={t("sharing.grantee")}
                    treeDefaultExpandAll
                    treeData={(departments.data ?? []).map((d) => ({
                      value: d.id,
                      title: d.name,
                      id: d.id,
                      pId: d.parent_id,
                    }))}
                    treeDataSimpleMode
                  />
                )}
              </Form.Item>
            )}
          </Form.Item>
          <Form.Item name="access">
            <Segmented
              options={(["read", "edit"] as const).map((v) => ({
                value: v,
                label: t(`sharing.accessLevels.${v}`),
              }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} data-testid="rule-add">
            {t("sharing.addRule")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}

/** Sharing settings per object (共享设置), for those who manage sharing. */
export default function SharingPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const objects = useObjects();
  const [selected, setSelected] = useState<string | null>(null);
  useDocumentTitle(t("sharing.title"));
  if (objects.isLoading) return <Skeleton active />;
  const list = objects.data?.objects ?? [];
  const current = list.find((o) => o.api_name === selected) ?? list[0];
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }}>
          {t("sharing.title")}
        </Typography.Title>
        <Select
          style={{ minWidth: 200 }}
          value={current?.api_name}
          onChange={setSelected}
          options={list.map((o) => ({ value: o.api_name, label: label(o.labels) }))}
          data-testid="sharing-object"
        />
      </Flex>
      {current ? (
        <Flex vertical gap={16}>
          <ObjectSharing key={current.api_name} object={current} />
          <ViewAsCard key={`view-as-${current.api_name}`} object={current} />
        </Flex>
      ) : null}
    </div>
  );
}
