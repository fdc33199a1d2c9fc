import { Button, Input, Popover, Space, Typography } from "antd";
import { type ReactElement, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** An address the user typed, made absolute ("example.com" → https://example.com), or null if not allowed. */
export function normaliseLinkUrl(raw: string): string | null {
  const url = raw.trim();
  if (url === "") return null;
  if (/^(https?:\/\/|mailto:|tel:)\S+$/i.test(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(url)) return `mailto:${url}`;
  if (/^[^\s/]+\.[^\s]+$/.test(url)) return `https://${url}`;
  return null;
}

/**
 * The link button's dialog: an address field with apply and remove. Enter applies, Escape closes; the caller
 * restores the editor's selection before it changes the text.
 */
export function LinkPopover({
  open,
  initialUrl,
  onApply,
  onRemove,
  onOpen,
  onClose,
  children,
}: {
  open: boolean;
  initialUrl: string;
  onApply: (url: string) => void;
  onRemove: () => void;
  onOpen: () => void;
  /** `refocus`: give the text its focus back (Escape), not when the user clicked elsewhere. */
  onClose: (refocus: boolean) => void;
  children: ReactElement;
}) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(initialUrl);
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    setUrl(initialUrl);
    setInvalid(false);
    // After the popover has rendered its content.
    const timer = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [open, initialUrl]);

  const apply = () => {
    const absolute = normaliseLinkUrl(url);
    if (absolute === null) {
      setInvalid(true);
      return;
    }
    onApply(absolute);
  };

  const content = (
    <Space orientation="vertical" size={4} style={{ width: 260, maxWidth: "70vw" }}>
      <Input
        ref={(element) => {
          input.current = element?.input ?? null;
        }}
        aria-label={t("richText.linkUrl")}
        placeholder="https://"
        status={invalid ? "error" : undefined}
        value={url}
        onChange={(e) => {
          setUrl(e.target.value);
          setInvalid(false);
        }}
        onPressEnter={(e) => {
          e.preventDefault();
          apply();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") onClose(true);
        }}
        data-testid="rich-text-link-url"
      />
      {invalid ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t("richText.linkInvalid")}
        </Typography.Text>
      ) : null}
      <Space size={4} style={{ justifyContent: "flex-end", width: "100%" }}>
        {initialUrl ? (
          <Button size="small" onClick={onRemove}>
            {t("richText.linkRemove")}
          </Button>
        ) : null}
        <Button size="small" type="primary" onClick={apply} data-testid="rich-text-link-apply">
          {t("richText.linkApply")}
        </Button>
      </Space>
    </Space>
  );

  return (
    <Popover
      open={open}
      content={content}
      trigger="click"
      placement="bottomLeft"
      onOpenChange={(next) => (next ? onOpen() : onClose(false))}
    >
      {children}
    </Popover>
  );
}
