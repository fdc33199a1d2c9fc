import { PlusOutlined } from "@ant-design/icons";
import {
  type FieldAccess,
  type ObjectAction,
  type ObjectPermissions,
  type RolePermissions,
  SYSTEM_PERMISSIONS,
  type SystemPermission,
} from "@keduo/core";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Input,
  Menu,
  Modal,
  Row,
  Segmented,
  Select,
  Skeleton,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { useObjects } from "../../api/metadata.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { type Role, useRoles } from "../../api/users.queries.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { useLabel } from "../../i18n/index.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

const ACTIONS = ["read", "create", "edit", "delete", "claim"] as const satisfies readonly ObjectAction[];
type Scope = "own" | "view_all" | "modify_all";
const ACCESS: FieldAccess[] = ["editable", "read_only", "hidden"];

const rightsOf = (permissions: RolePermissions, object: string): Partial<ObjectPermissions> =>
  permissions.objects?.[object] ?? permissions.default_objects ?? {};
const scopeOf = (rights: Partial<ObjectPermissions>): Scope =>
  rights.modify_all ? "modify_all" : rights.view_all ? "view_all" : "own";

/**
 * What one role may do, in a sales manager's words: per object view / create / edit / delete / claim, on whose
 * records (own and their team's under the object's sharing, or all), and per field editable / read only /
 * hidden; plus the organisation-wide rights. Saved as the roles API stores it — what it enforces is what
 * this page shows.
 */
function RoleEditor({ role, objects }: { role: Role; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [permissions, setPermissions] = useState<RolePermissions>(role.permissions ?? {});
  const [saving, setSaving] = useState(false);
  const locked = role.api_name === "admin";

  const setRights = (object: string, change: Partial<ObjectPermissions>) =>
    setPermissions((p) => ({
      ...p,
      objects: { ...p.objects, [object]: { ...rightsOf(p, object), ...change } },
    }));
  const setScope = (object: string, scope: Scope) =>
    setRights(object, { view_all: scope !== "own", modify_all: scope === "modify_all" });
  const setField = (object: string, field: string, access: FieldAccess) =>
    setPermissions((p) => ({
      ...p,
      fields: { ...p.fields, [object]: { ...p.fields?.[object], [field]: access } },
    }));
  const setSystem = (granted: SystemPermission[]) =>
    setPermissions((p) => ({
      ...p,
      system: Object.fromEntries(SYSTEM_PERMISSIONS.map((s) => [s, granted.includes(s)])),
    }));

  const save = async () => {
    setSaving(true);
    try {
      await http.patch(`/api/meta/roles/${role.api_name}`, { permissions });
      message.success(t("roles.saved"));
      await queryClient.invalidateQueries({ queryKey: ["meta", "roles"] });
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  const fieldTable = (object: ObjectMeta) => (
    <Table<FieldMeta>
      size="small"
      rowKey="api_name"
      pagination={false}
      dataSource={object.fields.filter((f) => !f.hidden)}
      columns={[
        { key: "field", title: t("roles.field"), render: (_, f) => label(f.labels) },
        {
          key: "access",
          title: t("roles.fieldAccess"),
          render: (_, f) => (
            <Segmented
              size="small"
              disabled={locked}
              value={permissions.fields?.[object.api_name]?.[f.api_name] ?? "editable"}
              onChange={(value) => setField(object.api_name, f.api_name, value as FieldAccess)}
              options={ACCESS.map((a) => ({ value: a, label: t(`roles.access.${a}`) }))}
              data-testid={`field-access-${object.api_name}-${f.api_name}`}
            />
          ),
        },
      ]}
    />
  );

  return (
    <Card
      size="small"
      title={label(role.labels)}
      extra={
        <Button
          type="primary"
          onClick={() => void save()}
          loading={saving}
          disabled={locked}
          data-testid="role-save"
        >
          {t("common.save")}
        </Button>
      }
    >
      {locked ? (
        <Alert type="info" showIcon title={t("roles.adminLocked")} style={{ marginBottom: 12 }} />
      ) : null}
      <Typography.Title level={5}>{t("roles.objects")}</Typography.Title>
      <Table<ObjectMeta>
        size="small"
        rowKey="api_name"
        pagination={false}
        scroll={{ x: true }}
        dataSource={objects}
        expandable={{ expandedRowRender: fieldTable, rowExpandable: (o) => o.fields.length > 0 }}
        columns={[
          { key: "object", title: t("roles.object"), render: (_, o) => label(o.labels) },
          ...ACTIONS.map((action) => ({
            key: action,
            title: t(`roles.actions.${action}`),
            render: (_: unknown, o: ObjectMeta) => (
              <Checkbox
                disabled={locked}
                checked={
                  rightsOf(permissions, o.api_name)[action] === true ||
                  rightsOf(permissions, o.api_name).modify_all === true
                }
                onChange={(e) => setRights(o.api_name, { [action]: e.target.checked })}
                data-testid={`right-${o.api_name}-${action}`}
              />
            ),
          })),
          {
            key: "scope",
            title: t("roles.scope"),
            render: (_: unknown, o: ObjectMeta) => (
              <Select<Scope>
                size="small"
                disabled={locked}
                style={{ minWidth: 150 }}
                value={scopeOf(rightsOf(permissions, o.api_name))}
                onChange={(scope) => setScope(o.api_name, scope)}
                options={(["own", "view_all", "modify_all"] as const).map((s) => ({
                  value: s,
                  label: t(`roles.scopes.${s}`),
                }))}
                data-testid={`scope-${o.api_name}`}
              />
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("roles.scopeHelp")}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t("roles.system")}</Typography.Title>
      <Checkbox.Group
        disabled={locked}
        value={SYSTEM_PERMISSIONS.filter((s) => permissions.system?.[s])}
        onChange={(values) => setSystem(values as SystemPermission[])}
        options={SYSTEM_PERMISSIONS.map((s) => ({ value: s, label: t(`roles.systemRights.${s}`) }))}
      />
    </Card>
  );
}

export default function RolesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const objects = useObjects();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  useDocumentTitle(t("roles.title"));
  if (roles.isLoading || objects.isLoading) return <Skeleton active />;
  const list = roles.data ?? [];
  const current =
    list.find((r) => r.api_name === selected) ?? list.find((r) => r.api_name !== "admin") ?? null;

  const create = async () => {
    try {
      const role = await http.post<Role>("/api/meta/roles", { labels: { "zh-CN": name.trim(), en: "" } });
      await queryClient.invalidateQueries({ queryKey: ["meta", "roles"] });
      setSelected(role.api_name);
      setCreating(false);
      setName("");
      message.success(t("roles.created"));
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }}>
          {t("roles.title")}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="role-add"
        >
          {t("roles.add")}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Menu
            mode="inline"
            selectedKeys={current ? [current.api_name] : []}
            onClick={({ key }) => setSelected(key)}
            items={list.map((r) => ({ key: r.api_name, label: label(r.labels) }))}
            data-testid="role-list"
          />
        </Col>
        <Col xs={24} md={18}>
          {current ? (
            <RoleEditor key={current.api_name} role={current} objects={objects.data?.objects ?? []} />
          ) : null}
        </Col>
      </Row>
      <Modal
        open={creating}
        title={t("roles.add")}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        okText={t("common.create")}
        cancelText={t("common.cancel")}
        okButtonProps={{
          disabled: !name.trim(),
          ...({ "data-testid": "role-create-ok" } as Record<string, string>),
        }}
      >
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t("roles.namePlaceholder")}
          data-testid="role-name"
        />
      </Modal>
    </div>
  );
}
