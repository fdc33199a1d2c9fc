import type { OverviewDefinition, OverviewKpiValue } from "@keduo/core";
import { Card, Col, Flex, Row, Statistic, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../../lib/format.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { FieldValue, type ValueContext } from "../field-value.tsx";
import { relativeTime } from "./relative-time.ts";

const isBlank = (value: unknown) =>
  value === null ||
  value === undefined ||
  value === "" ||
  (typeof value === "object" && Object.keys(value as object).length === 0);

/** The KPI cards: 4 to a row on a desk, 2 on a phone; money per currency, never added across currencies. */
export function OverviewKpis({
  kpis,
  definition,
  object,
  context,
}: {
  kpis: OverviewKpiValue[];
  definition: OverviewDefinition | undefined;
  object: ObjectMeta;
  context: ValueContext;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  if (kpis.length === 0) return null;
  return (
    <Row gutter={[12, 12]} aria-label={t("overview.kpis")} data-testid="overview-kpis" role="list">
      {kpis.map((kpi) => {
        const source = definition?.kpis.find((k) => k.key === kpi.key);
        const field =
          source?.source === "record" ? object.fields.find((f) => f.api_name === source.field) : undefined;
        return (
          <Col key={kpi.key} xs={12} md={8} xl={6} role="listitem">
            <Card
              size="small"
              style={{ height: "100%" }}
              styles={{ body: { padding: isPhone ? 12 : 16 } }}
              data-testid={`kpi-${kpi.key}`}
            >
              <Statistic
                title={label(kpi.labels)}
                styles={{ content: { fontSize: isPhone ? 18 : 22 } }}
                valueRender={() => (
                  <KpiValue kpi={kpi} field={field} context={context} fallback={t("overview.none")} />
                )}
              />
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function KpiValue({
  kpi,
  field,
  context,
  fallback,
}: {
  kpi: OverviewKpiValue;
  field: ObjectMeta["fields"][number] | undefined;
  context: ValueContext;
  fallback: string;
}): ReactNode {
  const language = useLanguage();
  const value = kpi.value;
  if (kpi.kind === "value" && field && value !== null)
    return (
      <span data-testid="kpi-value">
        <FieldValue field={field} value={value} context={context} />
      </span>
    );
  if (isBlank(value))
    return (
      <Typography.Text type="secondary" style={{ fontSize: "0.75em" }} data-testid="kpi-value">
        {fallback}
      </Typography.Text>
    );
  switch (kpi.kind) {
    case "money": {
      // One line per currency, largest first: 12万 CNY and 3,000 USD are two amounts, not one.
      const amounts = Object.entries(value as Record<string, string>).sort(
        ([, a], [, b]) => Number(b) - Number(a),
      );
      return (
        <Flex vertical data-testid="kpi-value">
          {amounts.map(([currency, amount], i) => (
            <span
              key={currency}
              title={formatMoney(amount, currency, language)}
              style={i > 0 ? { fontSize: "0.7em" } : undefined}
              data-testid={`kpi-money-${currency}`}
            >
              {formatMoney(amount, currency, language, { compact: true })}
            </span>
          ))}
        </Flex>
      );
    }
    case "date":
    case "datetime": {
      const text = String(value);
      const shown =
        kpi.kind === "date" || /^\d{4}-\d{2}-\d{2}$/.test(text)
          ? formatDate(text.slice(0, 10), language)
          : formatDateTime(text, language);
      return (
        <Flex vertical data-testid="kpi-value">
          <span>{relativeTime(kpi.kind === "date" ? text.slice(0, 10) : text, language) ?? shown}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {shown}
          </Typography.Text>
        </Flex>
      );
    }
    case "count":
    case "number":
    case "decimal":
      return <span data-testid="kpi-value">{formatNumber(value as number | string, language)}</span>;
    default:
      return <span data-testid="kpi-value">{String(value)}</span>;
  }
}
