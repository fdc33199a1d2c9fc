import {
  CalendarOutlined,
  CarOutlined,
  EditOutlined,
  FileTextOutlined,
  FlagOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { OverviewDefinition, Pipeline, TimelineEntry } from "@keduo/core";
import { Button, Empty, Flex, Tag, Timeline, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { PersonName } from "../person-name.tsx";

/** Icons for the usual activity types; any other type gets a speech bubble. */
const TYPE_ICONS: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  phone: <PhoneOutlined />,
  visit: <CarOutlined />,
  meeting: <TeamOutlined />,
  email: <MailOutlined />,
  note: <FileTextOutlined />,
  task: <CalendarOutlined />,
};

export interface TimelineProps {
  entries: TimelineEntry[];
  definition: OverviewDefinition | undefined;
  /** The record the page is about. */
  object: ObjectMeta;
  recordId: string;
  objects: ObjectMeta[];
  pipelines: Map<string, Pipeline[]>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** Related records (calls, visits …), stage changes and field changes, newest first, with who and when. */
export function OverviewTimeline(props: TimelineProps) {
  const { t } = useTranslation();
  const { entries, hasMore, loadingMore, onLoadMore } = props;
  if (entries.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("overview.timelineEmpty")} />;
  return (
    <Flex vertical gap={4} data-testid="overview-timeline">
      <Timeline
        items={entries.map((entry) => ({
          key: `${entry.kind}:${entry.record_id}:${entry.at}`,
          ...entryParts(entry, props),
        }))}
      />
      {hasMore ? (
        <Button onClick={onLoadMore} loading={loadingMore} block data-testid="timeline-more">
          {t("common.loadMore")}
        </Button>
      ) : null}
    </Flex>
  );
}

function entryParts(entry: TimelineEntry, props: TimelineProps) {
  switch (entry.kind) {
    case "record": {
      const type = typeOption(entry, props);
      return {
        icon: TYPE_ICONS[String(entry.detail.type ?? "")] ?? <MessageOutlined />,
        color: type?.color ?? "blue",
        content: <RecordEntry entry={entry} {...props} />,
      };
    }
    case "stage": {
      const stage = stageOf(entry, props);
      const kind = stage?.kind;
      return {
        icon: <FlagOutlined />,
        color: kind === "won" ? "green" : kind === "lost" ? "red" : "blue",
        content: <StageEntry entry={entry} {...props} />,
      };
    }
    default:
      return { icon: <EditOutlined />, color: "gray", content: <ChangeEntry entry={entry} {...props} /> };
  }
}

const sourceOf = (entry: TimelineEntry, definition: OverviewDefinition | undefined) =>
  definition?.timeline.find(
    (s): s is Extract<typeof s, { kind: "records" }> => s.kind === "records" && s.object === entry.object,
  );

function typeOption(entry: TimelineEntry, { definition, objects }: TimelineProps) {
  const source = sourceOf(entry, definition);
  const field = objects
    .find((o) => o.api_name === entry.object)
    ?.fields.find((f) => f.api_name === source?.type);
  return field?.config.options?.find((o) => o.value === entry.detail.type);
}

/** The stage (and its label, from the pipeline's stage field) a stage entry moved into. */
function stageOf(entry: TimelineEntry, { pipelines, objects }: TimelineProps) {
  const pipeline = pipelines.get(entry.object)?.find((p) => p.api_name === entry.detail.pipeline);
  const stage = pipeline?.stages.find((s) => s.value === entry.detail.stage);
  const field = objects
    .find((o) => o.api_name === entry.object)
    ?.fields.find((f) => f.api_name === pipeline?.stage_field);
  const option = field?.config.options?.find((o) => o.value === entry.detail.stage);
  return stage ? { kind: stage.kind, labels: option?.labels } : { kind: undefined, labels: option?.labels };
}

/** When and by whom: a date-only source shows its date, an instant its date and time. */
function Meta({ entry, dateOnly }: { entry: TimelineEntry; dateOnly?: boolean }) {
  const language = useLanguage();
  return (
    <Flex wrap align="center" gap={8} style={{ fontSize: 12, marginTop: 2 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="entry-at">
        {dateOnly ? formatDate(entry.at.slice(0, 10), language) : formatDateTime(entry.at, language)}
      </Typography.Text>
      {entry.actor_id ? (
        <span style={{ fontSize: 12 }}>
          <PersonName id={entry.actor_id} />
        </span>
      ) : null}
    </Flex>
  );
}

function RecordLink({ entry, objects }: { entry: TimelineEntry; objects: ObjectMeta[] }) {
  const label = useLabel();
  const object = objects.find((o) => o.api_name === entry.object);
  return (
    <Link to={`/o/${entry.object}/${entry.record_id}`}>
      {entry.title || `${label(object?.labels)} #${entry.record_id.slice(-6)}`}
    </Link>
  );
}

function RecordEntry({ entry, ...props }: { entry: TimelineEntry } & TimelineProps) {
  const label = useLabel();
  const source = sourceOf(entry, props.definition);
  const object = props.objects.find((o) => o.api_name === entry.object);
  const at = object?.fields.find((f) => f.api_name === source?.at);
  const type = typeOption(entry, props);
  return (
    <div data-testid="timeline-entry" data-kind="record">
      <Flex wrap align="center" gap={6}>
        {type ? (
          <Tag color={type.color} style={{ marginInlineEnd: 0 }}>
            {label(type.labels)}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{label(object?.labels)}</Typography.Text>
        )}
        <Typography.Text strong>
          <RecordLink entry={entry} objects={props.objects} />
        </Typography.Text>
      </Flex>
      <Meta entry={entry} dateOnly={at?.type === "date"} />
    </div>
  );
}

function StageEntry({ entry, ...props }: { entry: TimelineEntry } & TimelineProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const stage = stageOf(entry, props);
  const itself = entry.object === props.object.api_name && entry.record_id === props.recordId;
  return (
    <div data-testid="timeline-entry" data-kind="stage">
      <Flex wrap align="center" gap={6}>
        <Typography.Text type="secondary">{t("overview.stageTo")}</Typography.Text>
        <Tag
          color={stage.kind === "won" ? "success" : stage.kind === "lost" ? "error" : "processing"}
          style={{ marginInlineEnd: 0 }}
          data-testid="entry-stage"
        >
          {stage.labels ? label(stage.labels) : String(entry.detail.stage ?? "")}
        </Tag>
        {itself ? null : (
          <Typography.Text strong>
            <RecordLink entry={entry} objects={props.objects} />
          </Typography.Text>
        )}
      </Flex>
      <Meta entry={entry} />
    </div>
  );
}

function ChangeEntry({ entry, ...props }: { entry: TimelineEntry } & TimelineProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const object = props.objects.find((o) => o.api_name === entry.object);
  const byName = new Map<string, FieldMeta>(object?.fields.map((f) => [f.api_name, f]) ?? []);
  const names = Object.keys((entry.detail.changes as Record<string, unknown> | undefined) ?? {});
  const labels = names.flatMap((name) => {
    if (name === "owner_id") return [t("layouts.history.owner")];
    const field = byName.get(name);
    return field ? [label(field.labels)] : [];
  });
  return (
    <div data-testid="timeline-entry" data-kind="change">
      <Typography.Text>
        {t("overview.changed")}{" "}
        <Typography.Text strong data-testid="entry-fields">
          {labels.join(t("overview.listSeparator"))}
        </Typography.Text>
      </Typography.Text>
      <Meta entry={entry} />
    </div>
  );
}
