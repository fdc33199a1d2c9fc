import { Card, Empty, Flex, List, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { CalendarDay } from "../../api/calendar.queries.ts";
import { useShortDate } from "../../components/calendar/day-labels.ts";
import { CUSTOM_COLOR, KindTag } from "../../components/calendar/month-grid.tsx";
import { useLabel } from "../../i18n/index.ts";
import { dayKind, dayRuns, isoWeekdayOf } from "../../lib/calendar-month.ts";

/**
 * The year's set days in words, consecutive days of one holiday on one line ("10月1日周四至10月7日周三 · 7 天 ·
 * 休息日 · 国庆节"): what the grid shows by colour, easier to scan on a phone. A line opens its first day.
 */
export function CalendarDayList(props: {
  year: number;
  days: CalendarDay[];
  workingWeekdays: number[];
  onPick: (date: string) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const shortDate = useShortDate();
  const kindOf = (day: CalendarDay) => dayKind(isoWeekdayOf(day.date), day, props.workingWeekdays);
  const runs = dayRuns(props.days, (day) => `${kindOf(day)}|${day.source}|${label(day.name)}`);
  return (
    <Card size="small" title={t("calendar.list.title", { year: props.year })} data-testid="calendar-day-list">
      {runs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("calendar.list.empty")} />
      ) : (
        <List
          size="small"
          dataSource={runs}
          renderItem={(run) => {
            const [first] = run as [CalendarDay, ...CalendarDay[]];
            const last = run.at(-1)!;
            return (
              <List.Item
                onClick={() => props.onPick(first.date)}
                style={{ cursor: "pointer" }}
                data-testid={`calendar-list-${first.date}`}
              >
                <Flex wrap gap={8} align="center" justify="space-between" style={{ width: "100%" }}>
                  <Space size={8} wrap>
                    <Typography.Text>
                      {run.length > 1
                        ? t("calendar.list.range", { from: shortDate(first.date), to: shortDate(last.date) })
                        : shortDate(first.date)}
                    </Typography.Text>
                    {run.length > 1 ? (
                      <Typography.Text type="secondary">
                        {t("calendar.list.days", { count: run.length })}
                      </Typography.Text>
                    ) : null}
                  </Space>
                  <Space size={4} wrap>
                    <KindTag kind={kindOf(first)} />
                    {label(first.name) ? <Typography.Text>{label(first.name)}</Typography.Text> : null}
                    {first.source === "admin" ? (
                      <Tag color={CUSTOM_COLOR}>{t("calendar.source.admin")}</Tag>
                    ) : null}
                  </Space>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
