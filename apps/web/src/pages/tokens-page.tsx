import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Popconfirm,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiToken, type CreatedApiToken, useRevokeToken, useTokens } from "../api/users.queries.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { TokenCreateModal, TokenSecretModal } from "./token-create-modal.tsx";

function RevokeButton({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revoke = useRevokeToken();
  return (
    <Popconfirm
      title={t("adminUsers.tokens.revokeConfirm", { name: token.name })}
      okText={t("adminUsers.tokens.revoke")}
      okButtonProps={{
        danger: true,
        ...({ "data-testid": "revoke-confirm" } as Record<`data-${string}`, string>),
      }}
      cancelText={t("common.cancel")}
      onConfirm={async () => {
        try {
          await revoke.mutateAsync(token.id);
          message.success(t("adminUsers.tokens.revoked", { name: token.name }));
        } catch (error) {
          message.error(problemMessage(error, t));
        }
      }}
    >
      <Button
        type="link"
        size="small"
        danger
        icon={<DeleteOutlined />}
        loading={revoke.isPending}
        data-testid={`revoke-${token.name}`}
      >
        {t("adminUsers.tokens.revoke")}
      </Button>
    </Popconfirm>
  );
}

/** The signed-in user's API tokens: list, create (secret shown once), revoke. */
export default function TokensPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  useDocumentTitle(t("adminUsers.tokens.title"));

  const when = (value: string | null, none: string) => (value ? formatDateTime(value, language) : none);
  const expiry = (token: ApiToken) => {
    const text = when(token.expires_at, t("adminUsers.tokens.noExpiry"));
    const expired = token.expires_at !== null && new Date(token.expires_at).getTime() <= Date.now();
    return expired ? <Tag color="red">{`${t("adminUsers.tokens.expired")} · ${text}`}</Tag> : text;
  };
  const scopes = (token: ApiToken) => (
    <Flex wrap gap={4}>
      {token.scopes.map((scope) => (
        <Tag key={scope} color={scope === "write" ? "orange" : "blue"} style={{ marginInlineEnd: 0 }}>
          {scope === "write" ? t("adminUsers.tokens.scopeWrite") : t("adminUsers.tokens.scopeRead")}
        </Tag>
      ))}
    </Flex>
  );
  const prefix = (token: ApiToken) => <Typography.Text code>{`${token.token_prefix}…`}</Typography.Text>;

  const columns: TableColumnsType<ApiToken> = [
    { key: "name", dataIndex: "name", title: t("adminUsers.tokens.name") },
    { key: "prefix", title: t("adminUsers.tokens.prefix"), render: (_, token) => prefix(token) },
    { key: "scopes", title: t("adminUsers.tokens.scopes"), render: (_, token) => scopes(token) },
    {
      key: "created",
      title: t("adminUsers.tokens.createdAt"),
      render: (_, token) => when(token.created_at, ""),
    },
    {
      key: "used",
      title: t("adminUsers.tokens.lastUsed"),
      render: (_, token) => when(token.last_used_at, t("adminUsers.tokens.never")),
    },
    { key: "expires", title: t("adminUsers.tokens.expiresAt"), render: (_, token) => expiry(token) },
    { key: "actions", title: t("common.actions"), render: (_, token) => <RevokeButton token={token} /> },
  ];

  const items = tokens.data ?? [];
  const empty = <Empty description={t("adminUsers.tokens.empty")} />;
  const list = isPhone ? (
    <Flex vertical gap={8} data-testid="token-cards">
      {items.length === 0 ? empty : null}
      {items.map((token) => (
        <Card size="small" key={token.id} data-testid="token-card">
          <Flex justify="space-between" align="baseline" gap={8}>
            <Typography.Text strong>{token.name}</Typography.Text>
            {prefix(token)}
          </Flex>
          <div style={{ margin: "6px 0" }}>{scopes(token)}</div>
          <div style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 12px" }}>
            <Typography.Text type="secondary">{t("adminUsers.tokens.lastUsed")}</Typography.Text>
            <span>{when(token.last_used_at, t("adminUsers.tokens.never"))}</span>
            <Typography.Text type="secondary">{t("adminUsers.tokens.expiresAt")}</Typography.Text>
            <span>{expiry(token)}</span>
          </div>
          <RevokeButton token={token} />
        </Card>
      ))}
    </Flex>
  ) : (
    <Table<ApiToken>
      data-testid="token-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: empty }}
      scroll={{ x: "max-content" }}
    />
  );

  return (
    <div>
      <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="tokens-title">
          {t("adminUsers.tokens.title")}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="new-token"
        >
          {isPhone ? t("common.create") : t("adminUsers.tokens.newToken")}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>
        {t("adminUsers.tokens.intro")}
      </Typography.Paragraph>
      {tokens.error ? (
        <ErrorResult error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.isLoading ? (
        <Skeleton active />
      ) : (
        list
      )}
      <TokenCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      <TokenSecretModal token={created} onClose={() => setCreated(null)} />
    </div>
  );
}
