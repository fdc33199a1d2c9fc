import type { AdvisorShape } from "@keduo/core";
import { Card, Empty, List, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../api/types.ts";
import { formatNumber } from "../../lib/format.ts";
import { type ColumnNamer, shapeFilterWords, shapeOrderWords } from "../../lib/index-words.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

export interface ShapeContext {
  objectLabel: (object: string) => string;
  namerFor: (object: string) => ColumnNamer;
  language: Locale;
}

function useShapeWords(context: ShapeContext) {
  const { t } = useTranslation();
  const none = t("advisor.shapes.none");
  return (shape: AdvisorShape) => {
    const name = context.namerFor(shape.object);
    const filter = shapeFilterWords(shape.shape, name, {
      equals: (column) => t("advisor.equals", { column }),
      range: (column) => t("advisor.range", { column }),
    });
    const order = shapeOrderWords(shape.shape, name, (column) => t("advisor.groupBy", { column }));
    return {
      object: context.objectLabel(shape.object),
      kind: t(`advisor.kind.${shape.shape.kind}`),
      filter:
        [...filter, ...(shape.shape.scoped ? [t("advisor.scoped")] : [])].join(t("advisor.separator")) ||
        none,
      order: order.join(t("advisor.separator")) || none,
      calls: formatNumber(shape.calls, context.language),
      p95: t("advisor.ms", {
        value: formatNumber(Math.round(shape.recent_p95_ms * 10) / 10, context.language),
      }),
    };
  };
}

/** The busiest read shapes (by total time): what people read, in words, how often and how fast. */
export function ShapesTable({ shapes, context }: { shapes: AdvisorShape[]; context: ShapeContext }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const words = useShapeWords(context);
  const rows = shapes.map((shape) => ({ key: shape.key, ...words(shape) }));
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("advisor.shapes.empty")} />;
  return (
    <Card size="small" title={t("advisor.shapes.title")} data-testid="advisor-shapes">
      {isPhone ? (
        <List
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(row) => (
            <List.Item data-testid="advisor-shape">
              <List.Item.Meta
                title={
                  <>
                    {row.object} <Tag>{row.kind}</Tag>
                  </>
                }
                description={
                  <>
                    <div>
                      {t("advisor.labelled", { label: t("advisor.shapes.filter"), value: row.filter })}
                    </div>
                    <div>{t("advisor.labelled", { label: t("advisor.shapes.order"), value: row.order })}</div>
                    <Typography.Text type="secondary">
                      {t("advisor.shapes.calls")} {row.calls} · {t("advisor.shapes.p95")} {row.p95}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: empty }}
          onRow={() => ({ "data-testid": "advisor-shape" }) as object}
          columns={[
            { key: "object", dataIndex: "object", title: t("advisor.shapes.object") },
            { key: "kind", dataIndex: "kind", title: t("advisor.shapes.kind") },
            { key: "filter", dataIndex: "filter", title: t("advisor.shapes.filter") },
            { key: "order", dataIndex: "order", title: t("advisor.shapes.order") },
            { key: "calls", dataIndex: "calls", title: t("advisor.shapes.calls"), align: "right" },
            { key: "p95", dataIndex: "p95", title: t("advisor.shapes.p95"), align: "right" },
          ]}
        />
      )}
    </Card>
  );
}
