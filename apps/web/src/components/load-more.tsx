import { Button, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/** Cursor pagination: loads the next page when the end of the list scrolls into view, or on click. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  count,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  count: number;
}) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const latest = useRef({ hasMore, loading, onLoad });
  latest.current = { hasMore, loading, onLoad };

  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const { hasMore: more, loading: busy, onLoad: load } = latest.current;
        if (entries.some((e) => e.isIntersecting) && more && !busy) load();
      },
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={sentinel} style={{ textAlign: "center", padding: "12px 0" }}>
      {hasMore ? (
        <Button onClick={onLoad} loading={loading} data-testid="load-more">
          {t("common.loadMore")}
        </Button>
      ) : count > 0 ? (
        <Typography.Text type="secondary">
          {t("list.loaded", { count })} · {t("common.noMore")}
        </Typography.Text>
      ) : null}
    </div>
  );
}
