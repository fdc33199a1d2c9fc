import { Badge, Flex, Typography } from "antd";
import type { KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type AppNotification, useMarkRead } from "../../api/notifications.queries.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/format.ts";
import { relativeTime } from "../overview/relative-time.ts";

/** Opening one marks it read and goes to its record, if it is about one. */
export function useOpenNotification(onOpened?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (notification: AppNotification) => {
    if (!notification.read_at) markRead.mutate(notification.id);
    onOpened?.();
    const { link } = notification;
    if (link) navigate(`/o/${encodeURIComponent(link.object)}/${encodeURIComponent(link.record_id)}`);
  };
}

/** One notification: unread dot, title and body in the reader's language, when it came. */
export function NotificationItem({
  notification,
  onOpen,
  compact,
}: {
  notification: AppNotification;
  onOpen: (notification: AppNotification) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const unread = !notification.read_at;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(notification);
    }
  };
  return (
    <Flex
      role="button"
      tabIndex={0}
      gap={10}
      align="flex-start"
      onClick={() => onOpen(notification)}
      onKeyDown={onKeyDown}
      data-testid="notification-item"
      data-unread={unread}
      style={{
        padding: compact ? "10px 12px" : "12px 16px",
        cursor: "pointer",
        background: unread ? "#f0f7ff" : undefined,
        borderBottom: "1px solid #f0f0f0",
      }}
    >
      <span style={{ width: 8, paddingTop: 6, flex: "none" }}>
        {unread ? <Badge status="processing" title={t("notifications.unreadDot")} /> : null}
      </span>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text
          strong={unread}
          ellipsis
          style={{ display: "block" }}
          data-testid="notification-title"
        >
          {label(notification.title)}
        </Typography.Text>
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: compact ? 2 : 3 }}
          style={{ margin: "2px 0 0", fontSize: 13 }}
          data-testid="notification-body"
        >
          {label(notification.body)}
        </Typography.Paragraph>
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12 }}
          title={formatDateTime(notification.created_at, language)}
        >
          {relativeTime(notification.created_at, language) ??
            formatDateTime(notification.created_at, language)}
        </Typography.Text>
      </div>
    </Flex>
  );
}
