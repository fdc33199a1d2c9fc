import { PlusOutlined, UnorderedListOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Badge, Button, Card, Collapse, Empty, Flex, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useObjects } from "../api/metadata.queries.ts";
import { recordsKey } from "../api/records.queries.ts";
import {
  setTaskStatus,
  TASK_OBJECT,
  type TaskGroup,
  type TaskShape,
  taskGroupKey,
  taskShape,
  useTaskGroup,
} from "../api/tasks.queries.ts";
import type { ObjectMeta, RecordData, RecordList } from "../api/types.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { TaskRow } from "../components/tasks/task-row.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

const ACCENT: Record<TaskGroup, string> = {
  overdue: "#ff4d4f",
  today: "#1677ff",
  upcoming: "#8c8c8c",
  done_today: "#52c41a",
};

/** Marks a task done (or reopens it) at once, saves it with the version it was read at, and offers an undo. */
function useToggleTask(shape: TaskShape) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: recordsKey(TASK_OBJECT) });
  const status = shape.status.api_name;
  const reopenValue = String(
    shape.status.default ??
      shape.status.config.options?.find((o) => o.value !== shape.doneValue)?.value ??
      "",
  );
  const subject = (task: RecordData) => String(task[shape.object.display_field ?? "id"] ?? "");

  return async (task: RecordData, group: TaskGroup) => {
    const previous = String(task[status] ?? reopenValue);
    const next = group === "done_today" ? reopenValue : shape.doneValue;
    await queryClient.cancelQueries({ queryKey: taskGroupKey(group) });
    queryClient.setQueryData<RecordList>(taskGroupKey(group), (list) =>
      list ? { ...list, records: list.records.filter((r) => r.id !== task.id) } : list,
    );
    try {
      const saved = await setTaskStatus(shape, task, next);
      if (next !== shape.doneValue) return;
      const key = `task-done-${task.id}`;
      const undo = async () => {
        message.destroy(key);
        try {
          await setTaskStatus(shape, saved, previous);
          message.info(t("tasks.undone"));
        } catch (error) {
          message.error(problemMessage(error, t));
        } finally {
          void refresh();
        }
      };
      message.success({
        key,
        duration: 6,
        content: (
          <span data-testid="task-done-toast">
            {t("tasks.done", { subject: subject(task) })}
            <Button type="link" size="small" onClick={undo} data-testid="task-undo">
              {t("tasks.undo")}
            </Button>
          </span>
        ),
      });
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      void refresh();
    }
  };
}

function GroupList({
  shape,
  group,
  objects,
  onToggle,
}: {
  shape: TaskShape;
  group: TaskGroup;
  objects: ObjectMeta[];
  onToggle: (task: RecordData, group: TaskGroup) => void;
}) {
  const { t } = useTranslation();
  const query = useTaskGroup(shape, group);
  if (query.isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (query.error) return <ErrorResult error={query.error} onRetry={() => query.refetch()} />;
  const records = query.data?.records ?? [];
  if (records.length === 0)
    return (
      <Typography.Text type="secondary" style={{ display: "block", padding: "8px 4px" }}>
        {t("tasks.emptyGroup")}
      </Typography.Text>
    );
  return (
    <div>
      {records.map((task) => (
        <TaskRow
          key={task.id}
          shape={shape}
          task={task}
          group={group}
          objects={objects}
          onToggle={(row) => onToggle(row, group)}
        />
      ))}
      {query.data?.next_cursor ? (
        <Link to={`/o/${TASK_OBJECT}`} style={{ display: "block", padding: "8px 4px" }}>
          {t("tasks.viewAll")}
        </Link>
      ) : null}
    </div>
  );
}

function GroupTitle({ shape, group }: { shape: TaskShape; group: TaskGroup }) {
  const { t } = useTranslation();
  const query = useTaskGroup(shape, group);
  const count = query.data?.records.length ?? 0;
  const titles = {
    overdue: "overdue",
    today: "today",
    upcoming: "upcoming",
    done_today: "doneToday",
  } as const;
  return (
    <Flex align="center" gap={8} data-testid={`task-group-title-${group}`}>
      <span style={{ width: 8, height: 8, borderRadius: 4, background: ACCENT[group], flex: "none" }} />
      <span>{t(`tasks.${titles[group]}`)}</span>
      <Badge
        count={query.data?.next_cursor ? `${count}+` : count}
        showZero
        color={count ? ACCENT[group] : "#d9d9d9"}
        data-testid={`task-count-${group}`}
      />
    </Flex>
  );
}

function Inbox({ shape, objects }: { shape: TaskShape; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const toggle = useToggleTask(shape);
  const card = (group: TaskGroup) => (
    <Card
      key={group}
      size="small"
      title={<GroupTitle shape={shape} group={group} />}
      data-testid={`task-group-${group}`}
      styles={{ body: { paddingTop: 0, paddingBottom: 4 } }}
    >
      <GroupList shape={shape} group={group} objects={objects} onToggle={toggle} />
    </Card>
  );
  return (
    <Flex vertical gap={isPhone ? 12 : 16} style={{ maxWidth: 880 }}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <div>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="task-inbox-title">
            {t("tasks.title")}
          </Typography.Title>
          {isPhone ? null : <Typography.Text type="secondary">{t("tasks.subtitle")}</Typography.Text>}
        </div>
        <Flex gap={8}>
          <Link to={`/o/${TASK_OBJECT}`}>
            <Button icon={<UnorderedListOutlined />} aria-label={t("tasks.viewAll")}>
              {isPhone ? null : t("tasks.viewAll")}
            </Button>
          </Link>
          {shape.object.my_permissions.create ? (
            <Link to={`/o/${TASK_OBJECT}/new`}>
              <Button type="primary" icon={<PlusOutlined />}>
                {t("tasks.newTask")}
              </Button>
            </Link>
          ) : null}
        </Flex>
      </Flex>
      {card("overdue")}
      {card("today")}
      {card("upcoming")}
      <Collapse
        data-testid="task-group-done_today"
        items={[
          {
            key: "done",
            label: <GroupTitle shape={shape} group="done_today" />,
            children: <GroupList shape={shape} group="done_today" objects={objects} onToggle={toggle} />,
            styles: { body: { paddingTop: 0 } },
          },
        ]}
        style={{ background: "#fff" }}
      />
    </Flex>
  );
}

/** 我的待办: the rep's day — overdue, today, upcoming and done today, each task done in one click. */
export default function TaskInboxPage() {
  const { t } = useTranslation();
  const objects = useObjects();
  useDocumentTitle(t("tasks.title"));
  if (objects.isLoading) return <Skeleton active />;
  if (objects.error) return <ErrorResult error={objects.error} onRetry={() => objects.refetch()} />;
  const list = objects.data?.objects ?? [];
  const shape = taskShape(list);
  if (!shape) return <Empty style={{ marginTop: 80 }} description={t("tasks.unavailable")} />;
  return <Inbox shape={shape} objects={list} />;
}
