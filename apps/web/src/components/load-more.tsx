import { Button, Flex, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/** Cursor pagination: loads the next page when the end of the list scrolls into view, or on click. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  count,
  total,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  count: number;
  /**
   * The list's total as text ("共 1,234 条", "约 124,000 条"), shown while there is more to load (the last
   * page's "已加载 N 条" says it then).
   */
  total?: string | null;
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
        <Flex vertical align="center" gap={4}>
          <Button onClick={onLoad} loading={loading} data-testid="load-more">
            {t("common.loadMore")}
          </Button>
          {total ? (
            <Typography.Text type="secondary" data-testid="list-total">
              {t("list.loaded", { count })} · {total}
            </Typography.Text>
          ) : null}
        </Flex>
      ) : count > 0 ? (
        <Typography.Text type="secondary">
          {t("list.loaded", { count })} · {t("common.noMore")}
        </Typography.Text>
      ) : null}
    </div>
  );
}
