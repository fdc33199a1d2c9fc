import type { AggregateResult } from "@keduo/core";
import { useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import { recordsKey } from "./records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData, RecordList } from "./types.ts";

/** The object the task inbox reads: the CRM template's `task` (待办). */
export const TASK_OBJECT = "task";
export const TASK_GROUPS = ["overdue", "today", "upcoming", "done_today"] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];
const GROUP_LIMIT = 100;

/** Which of the task object's fields play which part, read from its metadata. */
export interface TaskShape {
  object: ObjectMeta;
  assignee: FieldMeta;
  due: FieldMeta;
  status: FieldMeta;
  doneValue: string;
  priority: FieldMeta | undefined;
  /** Relations to other records (account, opportunity, lead, contact), in form order: the first set one is shown. */
  relations: FieldMeta[];
}

const byName = (object: ObjectMeta, name: string, type: FieldMeta["type"]) =>
  object.fields.find((f) => f.api_name === name && f.type === type) ??
  object.fields.find((f) => f.type === type);

/** The task object's parts, or undefined when there is no such object or it lacks an assignee, due date or status. */
export function taskShape(objects: ObjectMeta[] | undefined): TaskShape | undefined {
  const object = objects?.find((o) => o.api_name === TASK_OBJECT && o.my_permissions.read);
  if (!object) return undefined;
  const assignee = byName(object, "assignee", "user");
  const due = byName(object, "due_date", "date");
  const status = byName(object, "status", "single_select");
  const options = status?.config.options ?? [];
  const done = options.find((o) => o.value === "done" || o.value === "completed") ?? options.at(-1);
  if (!assignee || !due || !status || !done) return undefined;
  const priority = object.fields.find((f) => f.api_name === "priority" && f.type === "single_select");
  const relations = object.fields
    .filter((f) => f.type === "relation" && !f.hidden && f.config.relation?.cardinality === "many_to_one")
    .sort((a, b) => a.position - b.position);
  return { object, assignee, due, status, doneValue: done.value, priority, relations };
}

const within = (field: string, token: string) => ({ [field]: { within: token } });

/** Each group's filter; "today" is the server's (the organisation's time zone), never the browser's. */
export function groupFilter(shape: TaskShape, group: TaskGroup) {
  const due = shape.due.api_name;
  const mine = { [shape.assignee.api_name]: { eq: "$me" } };
  const open = { [shape.status.api_name]: { neq: shape.doneValue } };
  const notToday = { not: within(due, "today") };
  switch (group) {
    case "overdue":
      return { and: [mine, open, within(due, "last_3650_days"), notToday] };
    case "today":
      return { and: [mine, open, within(due, "today")] };
    case "upcoming":
      return {
        and: [
          mine,
          open,
          { or: [{ [due]: { is_empty: true } }, { and: [within(due, "next_3650_days"), notToday] }] },
        ],
      };
    case "done_today":
      return {
        and: [mine, { [shape.status.api_name]: { eq: shape.doneValue } }, within("updated_at", "today")],
      };
  }
}

export const taskGroupKey = (group: TaskGroup) => [...recordsKey(TASK_OBJECT), "inbox", group] as const;

export function useTaskGroup(shape: TaskShape | undefined, group: TaskGroup) {
  return useQuery({
    queryKey: taskGroupKey(group),
    queryFn: ({ signal }) =>
      http.get<RecordList>(
        `/api/records/${TASK_OBJECT}`,
        {
          limit: GROUP_LIMIT,
          filter: JSON.stringify(groupFilter(shape!, group)),
          sort: group === "done_today" ? "-updated_at" : shape!.due.api_name,
          expand: shape!.relations.map((f) => f.api_name).join(",") || undefined,
        },
        signal,
      ),
    enabled: Boolean(shape),
  });
}

/** Overdue and due today, in one count request (the navigation's badge). */
export function useDueTaskCount(shape: TaskShape | undefined) {
  return useQuery({
    queryKey: [...recordsKey(TASK_OBJECT), "inbox", "due-count"],
    queryFn: () => {
      const { due, assignee, status, doneValue } = shape!;
      const filter = {
        and: [
          { [assignee.api_name]: { eq: "$me" } },
          { [status.api_name]: { neq: doneValue } },
          within(due.api_name, "last_3650_days"),
        ],
      };
      return http
        .post<AggregateResult>(`/api/records/${TASK_OBJECT}/aggregate`, {
          filter,
          aggregates: [{ fn: "count" }],
        })
        .then((r) => Number(r.groups[0]?.values.count ?? 0));
    },
    enabled: Boolean(shape),
    staleTime: 60_000,
  });
}

export const setTaskStatus = (shape: TaskShape, task: RecordData, value: string) =>
  http.patch<RecordData>(
    `/api/records/${TASK_OBJECT}/${task.id}`,
    { [shape.status.api_name]: value },
    { "if-match": `"${task.version}"` },
  );
