import { CarryOutOutlined, PhoneOutlined, PlusOutlined, RiseOutlined } from "@ant-design/icons";
import type { OverviewDefinition } from "@keduo/core";
import { Button, Flex } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { logFields, logsCalls, type RecordsSource } from "./log-activity.tsx";

/** Section objects that get a quick action of their own, in this order (the CRM's task and opportunity). */
const QUICK_CREATE: Record<string, ReactNode> = {
  task: <CarryOutOutlined />,
  opportunity: <RiseOutlined />,
};

export interface QuickActions {
  log: { source: RecordsSource; object: ObjectMeta } | null;
  create: Array<{ object: ObjectMeta; via: string }>;
}

/**
 * What the rep may do from the page: log an activity (the first timeline source of related records, when
 * they may create one and see its title) and create a task or an opportunity (when the page lists them).
 */
export function quickActions(
  definition: OverviewDefinition | undefined,
  objects: ObjectMeta[],
): QuickActions {
  const creatable = (name: string, via: string) => {
    const object = objects.find((o) => o.api_name === name);
    return object?.my_permissions.create && object.fields.some((f) => f.api_name === via) ? object : null;
  };
  const source = definition?.timeline.find((s): s is RecordsSource => s.kind === "records");
  const logObject = source ? creatable(source.object, source.via) : null;
  const log =
    source && logObject && logFields(logObject, source).title ? { source, object: logObject } : null;
  const create = Object.keys(QUICK_CREATE).flatMap((name) => {
    const section = definition?.sections.find((s) => s.object === name);
    const object = section ? creatable(name, section.via) : null;
    return section && object ? [{ object, via: section.via }] : [];
  });
  return { log, create };
}

/** The quick actions: buttons beside the title on a desk, a bar at the bottom of the screen on a phone. */
export function OverviewActions({
  actions,
  onLog,
  onCreate,
}: {
  actions: QuickActions;
  onLog: () => void;
  onCreate: (object: ObjectMeta, via: string) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  if (!actions.log && actions.create.length === 0) return null;
  const logLabel = actions.log
    ? logsCalls(actions.log.object, actions.log.source)
      ? t("overview.logCall")
      : t("overview.logActivity", { object: label(actions.log.object.labels) })
    : "";
  // On a phone each action is a tall tile (icon over a short label) so three fit side by side in any language.
  const tile = isPhone
    ? { height: 52, flexDirection: "column" as const, gap: 2, paddingInline: 4, fontSize: 12, minWidth: 0 }
    : undefined;
  const text = (value: string) =>
    isPhone ? (
      <span style={{ maxWidth: "100%", overflow: "hidden", textOverflow: "ellipsis" }}>{value}</span>
    ) : (
      value
    );
  const buttons = (
    <>
      {actions.log ? (
        <Button type="primary" icon={<PhoneOutlined />} onClick={onLog} style={tile} data-testid="quick-log">
          {text(logLabel)}
        </Button>
      ) : null}
      {actions.create.map(({ object, via }) => (
        <Button
          key={object.api_name}
          icon={QUICK_CREATE[object.api_name] ?? <PlusOutlined />}
          onClick={() => onCreate(object, via)}
          style={tile}
          data-testid={`quick-new-${object.api_name}`}
        >
          {text(isPhone ? label(object.labels) : t("overview.newOf", { object: label(object.labels) }))}
        </Button>
      ))}
    </>
  );
  if (!isPhone)
    return (
      <Flex gap={8} wrap data-testid="quick-actions">
        {buttons}
      </Flex>
    );
  // Fixed above the bottom edge, where a thumb reaches; the page leaves room for it.
  return (
    <div
      data-testid="quick-actions"
      style={{
        position: "fixed",
        insetInline: 0,
        bottom: 0,
        zIndex: 10,
        display: "grid",
        gridTemplateColumns: `repeat(${(actions.log ? 1 : 0) + actions.create.length}, minmax(0, 1fr))`,
        gap: 8,
        padding: "8px 12px calc(8px + env(safe-area-inset-bottom))",
        background: "#fff",
        borderTop: "1px solid #f0f0f0",
        boxShadow: "0 -2px 8px rgba(0,0,0,0.06)",
      }}
    >
      {buttons}
    </div>
  );
}
