import { Card, Col, Row, Statistic } from "antd";
import type { ReactNode } from "react";

/** The four counts of a check or a run, two by two on a phone. */
export function CountsView(props: {
  items: Array<{ key: string; title: ReactNode; value: number; danger?: boolean }>;
}) {
  return (
    <Row gutter={[12, 12]}>
      {props.items.map((item) => (
        <Col key={item.key} xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={item.title}
              value={item.value}
              styles={item.danger && item.value > 0 ? { content: { color: "#cf1322" } } : undefined}
              data-testid={`import-count-${item.key}`}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
