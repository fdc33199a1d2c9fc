import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Flex, Popover, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLatestNotifications, useMarkRead, useUnreadCount } from "../../api/notifications.queries.ts";
import { NotificationItem, useOpenNotification } from "./notification-item.tsx";

function LatestPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const latest = useLatestNotifications(true);
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const open = useOpenNotification(onClose);
  const items = latest.data?.notifications ?? [];
  return (
    // Narrower than the screen on a phone, with room left at the edges.
    <div style={{ width: "min(360px, calc(100vw - 24px))" }} data-testid="notification-panel">
      <Flex
        justify="space-between"
        align="center"
        style={{ padding: "8px 12px", borderBottom: "1px solid #f0f0f0" }}
      >
        <Typography.Text strong>{t("notifications.title")}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={!unread.data}
          loading={markRead.isPending}
          onClick={() => markRead.mutate("all")}
          data-testid="notification-panel-read-all"
        >
          {t("notifications.markAllRead")}
        </Button>
      </Flex>
      <div style={{ maxHeight: "min(420px, 60vh)", overflowY: "auto" }}>
        {latest.isLoading ? (
          <Skeleton active paragraph={{ rows: 3 }} style={{ padding: 12 }} />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />
        ) : (
          items.map((n) => <NotificationItem key={n.id} notification={n} onOpen={open} compact />)
        )}
      </div>
      <Link
        to="/notifications"
        onClick={onClose}
        style={{ display: "block", textAlign: "center", padding: "10px 12px" }}
        data-testid="notification-panel-all"
      >
        {t("notifications.viewAll")}
      </Link>
    </div>
  );
}

/** The header's bell: the unread count (polled, and asked again on focus), the newest few on click. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      // On a phone the bell is not at the screen's edge: slide the panel back inside it rather than off it.
      align={{ overflow: { adjustX: true, adjustY: true, shiftX: true } }}
      destroyOnHidden
      styles={{ container: { padding: 0 } }}
      content={<LatestPanel onClose={() => setOpen(false)} />}
    >
      <Button
        type="text"
        aria-label={
          count
            ? `${t("notifications.bell")} · ${t("notifications.unreadCount", { count })}`
            : t("notifications.bell")
        }
        data-testid="notification-bell"
      >
        <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
