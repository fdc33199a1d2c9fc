import { EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, UndoOutlined } from "@ant-design/icons";
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useDepartments, useUsers } from "../../api/metadata.queries.ts";
import { useCurrentUser } from "../../api/session.ts";
import type { User } from "../../api/types.ts";
import { hasPermission, useRoles, useUpdateUser } from "../../api/users.queries.ts";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { useLabel } from "../../i18n/index.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { UserFormDrawer } from "./user-form-drawer.tsx";
import { type Credentials, CredentialsModal, ResetPasswordModal } from "./user-password-modals.tsx";

type Editing = { mode: "create" } | { mode: "edit"; user: User } | null;

/** Names for role api_names and department ids, in the UI language. */
function useDirectoryNames() {
  const label = useLabel();
  const roles = useRoles();
  const departments = useDepartments(true);
  return useMemo(() => {
    const roleNames = new Map((roles.data ?? []).map((r) => [r.api_name, label(r.labels) || r.api_name]));
    const departmentNames = new Map((departments.data ?? []).map((d) => [d.id, d.name]));
    return {
      role: (name: string) => roleNames.get(name) ?? name,
      department: (id: string | null | undefined) => (id ? (departmentNames.get(id) ?? "") : ""),
    };
  }, [roles.data, departments.data, label]);
}

function StatusBadge({ user }: { user: User }) {
  const { t } = useTranslation();
  if (user.status !== "active") return <Badge status="default" text={t("adminUsers.users.disabled")} />;
  // Away until a day still to come (or today): assignment rules pass them over.
  const away = user.away_until && user.away_until >= dayjs().format("YYYY-MM-DD") ? user.away_until : null;
  return (
    <Flex gap={6} align="center" wrap>
      <Badge status="success" text={t("adminUsers.users.active")} />
      {away ? (
        <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="user-away">
          {t("assignment.away.tag", { date: away })}
        </Tag>
      ) : null}
    </Flex>
  );
}

/** Edit, reset password and deactivate/reactivate for one user (not deactivating oneself). */
function UserActions({
  user,
  isSelf,
  onEdit,
  onResetPassword,
}: {
  user: User;
  isSelf: boolean;
  onEdit: () => void;
  onResetPassword: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateUser();
  const active = user.status === "active";
  const toggle = async () => {
    try {
      await update.mutateAsync({ id: user.id, status: active ? "disabled" : "active" });
      message.success(
        t(active ? "adminUsers.users.deactivated" : "adminUsers.users.reactivated", { name: user.name }),
      );
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Space size={0} wrap onClick={(e) => e.stopPropagation()}>
      <Button
        type="link"
        size="small"
        icon={<EditOutlined />}
        onClick={onEdit}
        data-testid={`edit-user-${user.email}`}
      >
        {t("common.edit")}
      </Button>
      <Button type="link" size="small" icon={<KeyOutlined />} onClick={onResetPassword}>
        {t("adminUsers.users.resetPassword")}
      </Button>
      {isSelf ? null : (
        <Popconfirm
          title={t(active ? "adminUsers.users.deactivateConfirm" : "adminUsers.users.reactivateConfirm", {
            name: user.name,
          })}
          okText={t("common.confirm")}
          cancelText={t("common.cancel")}
          okButtonProps={{
            danger: active,
            ...({ "data-testid": "toggle-confirm" } as Record<`data-${string}`, string>),
          }}
          onConfirm={toggle}
        >
          <Button
            type="link"
            size="small"
            danger={active}
            loading={update.isPending}
            icon={active ? <StopOutlined /> : <UndoOutlined />}
            data-testid={`toggle-user-${user.email}`}
          >
            {t(active ? "adminUsers.users.deactivate" : "adminUsers.users.reactivate")}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

function UsersScreen() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const me = useCurrentUser();
  const users = useUsers(true);
  const names = useDirectoryNames();
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Editing>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  useDocumentTitle(t("adminUsers.users.title"));

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = users.data ?? [];
    if (!needle) return all;
    return all.filter((u) => u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle));
  }, [users.data, search]);

  const actions = (user: User) => (
    <UserActions
      user={user}
      isSelf={user.id === me?.id}
      onEdit={() => setEditing({ mode: "edit", user })}
      onResetPassword={() => setResetting(user)}
    />
  );
  const roleTags = (user: User) =>
    user.roles.length ? (
      <Flex wrap gap={4}>
        {user.roles.map((role) => (
          <Tag key={role} color={role === "admin" ? "gold" : "blue"} style={{ marginInlineEnd: 0 }}>
            {names.role(role)}
          </Tag>
        ))}
      </Flex>
    ) : (
      <Typography.Text type="secondary">{t("adminUsers.users.noRole")}</Typography.Text>
    );

  const columns: TableColumnsType<User> = [
    {
      key: "name",
      title: t("adminUsers.users.name"),
      render: (_, user) => (
        <Space size={4}>
          <Typography.Text strong>{user.name}</Typography.Text>
          {user.id === me?.id ? <Tag>{t("adminUsers.users.you")}</Tag> : null}
        </Space>
      ),
    },
    { key: "email", dataIndex: "email", title: t("adminUsers.users.email") },
    { key: "roles", title: t("adminUsers.users.roles"), render: (_, user) => roleTags(user) },
    {
      key: "department",
      title: t("adminUsers.users.department"),
      render: (_, user) => names.department(user.department_id) || t("common.empty"),
    },
    { key: "status", title: t("adminUsers.users.status"), render: (_, user) => <StatusBadge user={user} /> },
    { key: "actions", title: t("common.actions"), render: (_, user) => actions(user) },
  ];

  const list = isPhone ? (
    <Flex vertical gap={8} data-testid="user-cards">
      {shown.length === 0 ? <Empty description={t("adminUsers.users.empty")} /> : null}
      {shown.map((user) => (
        <Card size="small" key={user.id} data-testid="user-card">
          <Flex justify="space-between" align="baseline" gap={8}>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {user.name}
            </Typography.Text>
            <StatusBadge user={user} />
          </Flex>
          <Typography.Text type="secondary" style={{ wordBreak: "break-all" }}>
            {user.email}
          </Typography.Text>
          <Flex wrap gap={4} style={{ margin: "6px 0" }}>
            {roleTags(user)}
            {user.department_id ? (
              <Tag style={{ marginInlineEnd: 0 }}>{names.department(user.department_id)}</Tag>
            ) : null}
          </Flex>
          {actions(user)}
        </Card>
      ))}
    </Flex>
  ) : (
    <Table<User>
      data-testid="user-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={shown}
      pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description={t("adminUsers.users.empty")} /> }}
      scroll={{ x: "max-content" }}
    />
  );

  return (
    <div>
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="users-title">
          {t("adminUsers.users.title")}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ mode: "create" })}
          data-testid="new-user"
        >
          {isPhone ? t("common.create") : t("adminUsers.users.newUser")}
        </Button>
      </Flex>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("adminUsers.users.search")}
          style={{ width: isPhone ? "100%" : 280 }}
          data-testid="user-search"
        />
        {users.data ? (
          <Typography.Text type="secondary">
            {t("adminUsers.users.count", { count: users.data.length })}
          </Typography.Text>
        ) : null}
      </Flex>
      {users.error ? (
        <ErrorResult error={users.error} onRetry={() => users.refetch()} />
      ) : users.isLoading ? (
        <Skeleton active />
      ) : (
        list
      )}
      <UserFormDrawer
        open={editing !== null}
        user={editing?.mode === "edit" ? editing.user : null}
        onClose={() => setEditing(null)}
        onCreated={(user, password) => {
          setEditing(null);
          setCredentials({ user, password });
        }}
      />
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onReset={(next) => {
          setResetting(null);
          setCredentials(next);
        }}
      />
      <CredentialsModal credentials={credentials} onClose={() => setCredentials(null)} />
    </div>
  );
}

/** User administration (manage_users): list, create, edit, reset passwords, deactivate and reactivate. */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  // The navigation offers this page only with the permission; a typed-in URL gets an explanation.
  if (!hasPermission(me, "manage_users"))
    return <Result status="403" title={t("adminUsers.users.forbidden")} />;
  return <UsersScreen />;
}
