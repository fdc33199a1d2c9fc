import { CalendarOutlined, CheckCircleFilled, CheckOutlined, LinkOutlined } from "@ant-design/icons";
import { Button, Flex, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../../api/session.ts";
import type { TaskGroup, TaskShape } from "../../api/tasks.queries.ts";
import type { ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { daysLate } from "../../lib/days-late.ts";
import { formatDate } from "../../lib/format.ts";
import { recordTitle } from "../../lib/metadata.ts";

/** The first related record the task names (account, opportunity, lead or contact, in the form's order). */
function linkedRecord(shape: TaskShape, task: RecordData, objects: ObjectMeta[]) {
  for (const field of shape.relations) {
    const value = task[field.api_name];
    if (!value) continue;
    const target = field.config.relation?.target ?? "";
    const object = objects.find((o) => o.api_name === target);
    const record = typeof value === "object" ? (value as RecordData) : null;
    const id = record?.id ?? String(value);
    return { field, target, id, title: record ? recordTitle(object, record) : `#${id.slice(-6)}` };
  }
  return undefined;
}

/** One task: done in one click, its subject, due date and priority, and the record it is about one tap away. */
export function TaskRow({
  shape,
  task,
  group,
  objects,
  onToggle,
}: {
  shape: TaskShape;
  task: RecordData;
  group: TaskGroup;
  objects: ObjectMeta[];
  onToggle: (task: RecordData) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const timeZone = useSession().data?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const done = group === "done_today";
  const due = task[shape.due.api_name] as string | null;
  const priority = shape.priority ? (task[shape.priority.api_name] as string | null) : null;
  const option = shape.priority?.config.options?.find((o) => o.value === priority);
  const linked = linkedRecord(shape, task, objects);
  const late = group === "overdue" && due ? daysLate(due, new Date(), timeZone) : 0;

  return (
    <Flex
      gap={12}
      align="flex-start"
      style={{ padding: "10px 4px", borderBottom: "1px solid #f0f0f0" }}
      data-testid="task-row"
      data-id={task.id}
    >
      <Tooltip title={done ? t("tasks.reopen") : t("tasks.markDone")}>
        <Button
          shape="circle"
          size="small"
          type={done ? "primary" : "default"}
          icon={done ? <CheckCircleFilled /> : <CheckOutlined style={{ color: "#bfbfbf" }} />}
          aria-label={done ? t("tasks.reopen") : t("tasks.markDone")}
          onClick={() => onToggle(task)}
          data-testid={done ? "task-reopen" : "task-done"}
          style={{ marginTop: 2, flex: "none" }}
        />
      </Tooltip>
      <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
        <Link
          to={`/o/${shape.object.api_name}/${task.id}`}
          style={{ color: "inherit", textDecoration: done ? "line-through" : undefined, fontSize: 15 }}
          data-testid="task-subject"
        >
          {recordTitle(shape.object, task)}
        </Link>
        <Flex gap={8} wrap align="center" style={{ fontSize: 13 }}>
          {due ? (
            <Typography.Text
              type={group === "overdue" ? "danger" : "secondary"}
              style={{ fontSize: 13 }}
              data-testid="task-due"
            >
              <CalendarOutlined /> {formatDate(due, language)}
              {late > 0 ? ` · ${t("tasks.overdueDays", { count: late })}` : null}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t("tasks.noDueDate")}
            </Typography.Text>
          )}
          {option ? (
            <Tag color={option.color} style={{ marginInlineEnd: 0 }} data-testid="task-priority">
              {label(option.labels)}
            </Tag>
          ) : null}
          {linked ? (
            <Link to={`/o/${linked.target}/${linked.id}`} data-testid="task-linked" style={{ minWidth: 0 }}>
              <Typography.Text ellipsis style={{ fontSize: 13, color: "inherit", maxWidth: 260 }}>
                <LinkOutlined />{" "}
                {t("board.fieldMessage", { field: label(linked.field.labels), message: linked.title })}
              </Typography.Text>
            </Link>
          ) : null}
        </Flex>
      </Flex>
    </Flex>
  );
}
