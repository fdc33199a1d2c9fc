import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { Alert, Button, Col, Flex, Result, Row, Skeleton, Space, Typography } from "antd";
import { type CSSProperties, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useCalendarYear } from "../../api/calendar.queries.ts";
import { useCurrentUser } from "../../api/session.ts";
import { hasPermission } from "../../api/users.queries.ts";
import { CUSTOM_COLOR, KIND_STYLE, MonthGrid } from "../../components/calendar/month-grid.tsx";
import { ErrorResult } from "../../components/error-result.tsx";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { CalendarDayEditor } from "./calendar-day-editor.tsx";
import { CalendarDayList } from "./calendar-day-list.tsx";

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
const swatch = (style: CSSProperties): CSSProperties => ({
  display: "inline-block",
  width: 14,
  height: 14,
  borderRadius: 3,
  border: `1px solid ${style.borderColor === "transparent" ? "#d9d9d9" : style.borderColor}`,
  background: style.background,
  verticalAlign: "middle",
  marginInlineEnd: 4,
});

function Legend() {
  const { t } = useTranslation();
  return (
    <Space wrap size={[16, 4]} data-testid="calendar-legend">
      <span>
        <span style={swatch(KIND_STYLE.holiday)} />
        {t("calendar.legend.holiday")}
      </span>
      <span>
        <span style={swatch(KIND_STYLE["make-up"])} />
        {t("calendar.legend.makeUp")}
      </span>
      <span>
        <span style={swatch(KIND_STYLE.weekend)} />
        {t("calendar.legend.weekend")}
      </span>
      <span>
        <span style={{ ...swatch({ background: CUSTOM_COLOR }), width: 6, height: 6, borderRadius: 3 }} />
        {t("calendar.legend.custom")}
      </span>
    </Space>
  );
}

/** The year in the address (`?year=2026`), so a reload or a shared link opens the same year. */
function useYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("year"));
  const year = Number.isInteger(asked) && asked >= 1 && asked <= 9999 ? asked : new Date().getFullYear();
  return [year, (next) => setParams({ year: String(next) }, { replace: true })];
}

/**
 * The working calendar (工作日历): a year of month grids with public holidays in red (休) and make-up working
 * days in orange (班), the days an admin set marked; a click on a day edits it. Below, the same days as a list.
 */
export default function CalendarPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const me = useCurrentUser();
  const [year, setYear] = useYear();
  const calendar = useCalendarYear(year);
  const [picked, setPicked] = useState<string | null>(null);
  useDocumentTitle(t("calendar.title"));
  const data = calendar.data?.year === year ? calendar.data : undefined;
  const days = useMemo(() => new Map((data?.days ?? []).map((day) => [day.date, day])), [data]);
  const workingWeekdays = data?.default_rule.working_weekdays ?? [1, 2, 3, 4, 5];

  if (!hasPermission(me, "manage_metadata")) return <Result status="403" title={t("calendar.forbidden")} />;
  if (calendar.error) return <ErrorResult error={calendar.error} onRetry={() => void calendar.refetch()} />;

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="calendar-title">
          {t("calendar.title")}
        </Typography.Title>
        <Space.Compact>
          <Button
            icon={<LeftOutlined />}
            aria-label={t("calendar.previousYear")}
            onClick={() => setYear(year - 1)}
            data-testid="calendar-previous-year"
          />
          <Button style={{ minWidth: 88, pointerEvents: "none" }} data-testid="calendar-year">
            {t("calendar.yearLabel", { year })}
          </Button>
          <Button
            icon={<RightOutlined />}
            aria-label={t("calendar.nextYear")}
            onClick={() => setYear(year + 1)}
            data-testid="calendar-next-year"
          />
        </Space.Compact>
      </Flex>
      <Typography.Paragraph type="secondary">
        {t("calendar.intro", { source: data?.official_source ?? "chinese-days" })}
      </Typography.Paragraph>
      {data && !data.official_loaded ? (
        <Alert
          type="warning"
          showIcon
          title={t("calendar.notLoaded", { year })}
          style={{ marginBottom: 12 }}
          data-testid="calendar-not-loaded"
        />
      ) : null}
      <div style={{ marginBottom: 12 }}>
        <Legend />
      </div>
      {!data ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="calendar-year-grid">
            {MONTHS.map((month) => (
              <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
                <MonthGrid
                  year={year}
                  month={month}
                  days={days}
                  workingWeekdays={workingWeekdays}
                  onPick={setPicked}
                />
              </Col>
            ))}
          </Row>
          <div style={{ marginTop: 16 }}>
            <CalendarDayList
              year={year}
              days={data.days}
              workingWeekdays={workingWeekdays}
              onPick={setPicked}
            />
          </div>
        </>
      )}
      <CalendarDayEditor
        date={picked}
        day={picked ? days.get(picked) : undefined}
        workingWeekdays={workingWeekdays}
        onClose={() => setPicked(null)}
      />
    </div>
  );
}
