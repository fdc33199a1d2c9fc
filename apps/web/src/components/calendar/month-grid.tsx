import { Card, Tag, Typography } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CalendarDay } from "../../api/calendar.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { type DayKind, dayKind, KIND_KEY, monthCells } from "../../lib/calendar-month.ts";
import { useMonthName } from "./day-labels.ts";

/** Colours of the Chinese calendars people know: red 休 for days off, orange 班 for make-up working days. */
export const KIND_STYLE: Record<DayKind, CSSProperties> = {
  holiday: { background: "#fff1f0", color: "#cf1322", borderColor: "#ffccc7" },
  "make-up": { background: "#fff7e6", color: "#d46b08", borderColor: "#ffd591" },
  weekend: { background: "#fafafa", color: "#8c8c8c", borderColor: "transparent" },
  working: { background: "#fff", color: "rgba(0,0,0,0.88)", borderColor: "transparent" },
};

/** The mark of a day an admin set, beside the official ones. */
export const CUSTOM_COLOR = "#722ed1";

const TAG_COLOR: Partial<Record<DayKind, string>> = { holiday: "red", "make-up": "orange" };

/** A day's kind as a tag in the grid's colours; `children` replaces the kind's name. */
export function KindTag({ kind, children }: { kind: DayKind; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Tag color={TAG_COLOR[kind]} data-testid="calendar-kind-tag">
      {children ?? t(`calendar.kind.${KIND_KEY[kind]}`)}
    </Tag>
  );
}

const cellStyle: CSSProperties = {
  position: "relative",
  // Wider than tall: a year of months stays short to scroll on a phone, and a day is still easy to tap.
  aspectRatio: "4 / 3",
  minHeight: 28,
  border: "1px solid",
  borderRadius: 4,
  padding: 0,
  font: "inherit",
  fontSize: 13,
  cursor: "pointer",
  display: "grid",
  placeItems: "center",
};

const badgeStyle: CSSProperties = { position: "absolute", top: 0, right: 2, fontSize: 9, lineHeight: "12px" };

/** One month, Monday first; every day is a button that opens its editor. */
export function MonthGrid(props: {
  year: number;
  month: number;
  days: ReadonlyMap<string, CalendarDay>;
  workingWeekdays: number[];
  onPick: (date: string) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const monthName = useMonthName();
  const weekdays = t("calendar.weekdays").split(",");
  return (
    <Card size="small" title={monthName(props.month)} data-testid={`calendar-month-${props.month}`}>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(7, 1fr)", gap: 2 }}>
        {weekdays.map((weekday, index) => (
          <Typography.Text
            key={weekday}
            type={index >= 5 ? "secondary" : undefined}
            style={{ textAlign: "center", fontSize: 12 }}
          >
            {weekday}
          </Typography.Text>
        ))}
        {monthCells(props.year, props.month).map((cell) => {
          const set = props.days.get(cell.date);
          const kind = dayKind(cell.weekday, set, props.workingWeekdays);
          const name = label(set?.name);
          const badge =
            kind === "holiday"
              ? t("calendar.badge.holiday")
              : kind === "make-up"
                ? t("calendar.badge.makeUp")
                : "";
          return (
            <button
              key={cell.date}
              type="button"
              onClick={() => props.onPick(cell.date)}
              // The 1st stands under its weekday; the other days flow after it.
              style={{
                ...cellStyle,
                ...KIND_STYLE[kind],
                ...(cell.day === 1 ? { gridColumnStart: cell.weekday } : {}),
              }}
              title={name || undefined}
              aria-label={[cell.date, name, t(`calendar.kind.${KIND_KEY[kind]}`)].filter(Boolean).join(" ")}
              data-testid={`calendar-day-${cell.date}`}
              data-kind={kind}
              data-source={set?.source ?? "rule"}
            >
              {cell.day}
              {badge ? <span style={badgeStyle}>{badge}</span> : null}
              {set?.source === "admin" ? (
                <span
                  aria-hidden
                  style={{
                    position: "absolute",
                    bottom: 2,
                    width: 4,
                    height: 4,
                    borderRadius: 2,
                    background: CUSTOM_COLOR,
                  }}
                />
              ) : null}
            </button>
          );
        })}
      </div>
    </Card>
  );
}
