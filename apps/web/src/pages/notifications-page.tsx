import { CheckOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Segmented, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMarkRead, useNotificationInbox, useUnreadCount } from "../api/notifications.queries.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { NotificationItem, useOpenNotification } from "../components/notifications/notification-item.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

type Filter = "all" | "unread";

/** 通知: everything automations and reminders sent me, newest first; open one to reach its record. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [filter, setFilter] = useState<Filter>("all");
  const inbox = useNotificationInbox(filter === "unread");
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const open = useOpenNotification();
  useDocumentTitle(t("notifications.title"));
  const items = inbox.data?.pages.flatMap((page) => page.notifications) ?? [];

  const markAll = () =>
    markRead.mutate("all", {
      onSuccess: () => message.success(t("notifications.allMarked")),
      onError: (error) => message.error(problemMessage(error, t)),
    });

  const list = inbox.isLoading ? (
    <Skeleton active paragraph={{ rows: 4 }} style={{ padding: 16 }} />
  ) : inbox.error ? (
    <ErrorResult error={inbox.error} onRetry={() => inbox.refetch()} />
  ) : items.length === 0 ? (
    <Empty
      style={{ padding: "40px 0" }}
      description={t(filter === "unread" ? "notifications.emptyUnread" : "notifications.empty")}
    />
  ) : (
    <>
      {items.map((n) => (
        <NotificationItem key={n.id} notification={n} onOpen={open} compact={isPhone} />
      ))}
      <LoadMore
        hasMore={Boolean(inbox.hasNextPage)}
        loading={inbox.isFetchingNextPage}
        onLoad={() => void inbox.fetchNextPage()}
        count={items.length}
      />
    </>
  );

  return (
    <Flex vertical gap={isPhone ? 12 : 16} style={{ maxWidth: 880 }}>
      <div>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="notifications-title">
          {t("notifications.title")}
        </Typography.Title>
        {isPhone ? null : <Typography.Text type="secondary">{t("notifications.subtitle")}</Typography.Text>}
      </div>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: "all", label: t("notifications.all") },
            {
              value: "unread",
              label: unread.data
                ? `${t("notifications.unread")} (${unread.data})`
                : t("notifications.unread"),
            },
          ]}
          data-testid="notifications-filter"
        />
        <Button
          icon={<CheckOutlined />}
          disabled={!unread.data}
          loading={markRead.isPending}
          onClick={markAll}
          data-testid="notifications-read-all"
        >
          {t("notifications.markAllRead")}
        </Button>
      </Flex>
      <Card size="small" styles={{ body: { padding: 0 } }} data-testid="notifications-list">
        {list}
      </Card>
    </Flex>
  );
}
