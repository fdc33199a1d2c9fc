import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Row,
  Skeleton,
  Tree,
  TreeSelect,
  Typography,
} from "antd";
import type { DataNode, TreeProps } from "antd/es/tree";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { type Department, useDepartments } from "../../api/metadata.queries.ts";
import type { Person } from "../../api/people.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { PersonName } from "../../components/person-name.tsx";
import { UserSelect } from "../../components/user-select.tsx";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

const DEPARTMENTS_KEY = ["org", "departments"];

/** The departments as a tree, each node showing its head. */
function treeOf(departments: Department[], parent: string | null = null): DataNode[] {
  return departments
    .filter((d) => d.parent_id === parent)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name))
    .map((d) => ({
      key: d.id,
      title: (
        <Flex gap={8} align="center" data-testid={`department-${d.name}`}>
          <span>{d.name}</span>
          {d.head_user_id ? <PersonName id={d.head_user_id} /> : null}
        </Flex>
      ),
      children: treeOf(departments, d.id),
    }));
}

/** Departments a department may move under: not itself nor any of its own sub-departments. */
function parentChoices(
  departments: Department[],
  moving: string | null,
  parent: string | null = null,
): DataNode[] {
  return departments
    .filter((d) => d.parent_id === parent && d.id !== moving)
    .map((d) => ({
      key: d.id,
      value: d.id,
      title: d.name,
      children: parentChoices(departments, moving, d.id),
    }));
}

function Members({ department }: { department: string }) {
  const { t } = useTranslation();
  const members = useQuery({
    queryKey: ["people", "department", department],
    queryFn: ({ signal }) =>
      http.get<{ people: Person[] }>("/api/people", { department, limit: 200 }, signal).then((r) => r.people),
  });
  if (members.isLoading) return <Skeleton active paragraph={{ rows: 2 }} />;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t("departments.members")}</Typography.Text>}
      locale={{ emptyText: t("departments.noMembers") }}
      dataSource={members.data ?? []}
      renderItem={(person) => (
        <List.Item data-testid="department-member">
          <PersonName id={person.id} />
        </List.Item>
      )}
    />
  );
}

/**
 * The parent a tree drop gives the dragged department: the department dropped onto, or for a drop between
 * two, their parent. The tree itself offers no drop inside the dragged department's own branch; the server
 * refuses one anyway (a stale tree), and its message is shown.
 */
function parentAfterDrop(departments: Department[], info: Parameters<NonNullable<TreeProps["onDrop"]>>[0]) {
  const target = String(info.node.key);
  if (!info.dropToGap) return target;
  return departments.find((d) => d.id === target)?.parent_id ?? null;
}

type DepartmentChanges = { name: string; parent_id: string | null; head_user_id: string | null };

/** One department's name, parent and head, in a form of its own (keyed by the department). */
function DepartmentForm({
  department,
  departments,
  saving,
  onSave,
}: {
  department: Department;
  departments: Department[];
  saving: boolean;
  onSave: (values: DepartmentChanges) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form
      layout="vertical"
      // Locked while a change is on its way: typing then could land in a department about to be replaced.
      disabled={saving}
      initialValues={{
        name: department.name,
        parent_id: department.parent_id,
        head_user_id: department.head_user_id ?? null,
      }}
      onFinish={(values: DepartmentChanges) =>
        onSave({
          name: values.name.trim(),
          parent_id: values.parent_id ?? null,
          head_user_id: values.head_user_id ?? null,
        })
      }
    >
      <Form.Item name="name" label={t("departments.name")} rules={[{ required: true, whitespace: true }]}>
        <Input data-testid="department-name" />
      </Form.Item>
      <Form.Item name="parent_id" label={t("departments.parent")} extra={t("departments.parentHelp")}>
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          treeData={parentChoices(departments, department.id)}
          placeholder={t("departments.topLevel")}
          data-testid="department-parent"
        />
      </Form.Item>
      <Form.Item name="head_user_id" label={t("departments.head")} extra={t("departments.headHelp")}>
        <UserSelect />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="department-save">
        {t("common.save")}
      </Button>
    </Form>
  );
}

/**
 * The organisation as a department tree (组织架构): add departments, rename or move them, name a head
 * (who approvals and assignment rules route to), see the members; a department with members or
 * sub-departments cannot be deleted, and the server says why.
 */
export default function DepartmentsPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const departments = useDepartments(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Every department open unless the admin folded it: a new sub-department shows at once.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  useDocumentTitle(t("departments.title"));
  const list = departments.data ?? [];
  const current = list.find((d) => d.id === selected) ?? null;
  const tree = useMemo(() => treeOf(list), [list]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: DEPARTMENTS_KEY });
  const run = async (
    action: () => Promise<unknown>,
    done: string,
    refusal?: (error: unknown) => string | null,
  ) => {
    setSaving(true);
    try {
      await action();
      message.success(done);
      await refresh();
    } catch (error) {
      message.error(refusal?.(error) ?? problemMessage(error, t));
      // The tree may have changed under this page (another admin's move): show it as it is now.
      if (refusal) await refresh();
    } finally {
      setSaving(false);
    }
  };

  const add = (parent: string | null) =>
    run(async () => {
      const created = await http.post<{ id?: string; department?: { id: string } }>("/api/org/departments", {
        name: t("departments.newName"),
        parent_id: parent,
      });
      setSelected(created.id ?? created.department?.id ?? null);
    }, t("departments.created"));

  const select = (id: string | null) => setSelected(id);

  const onDrop: TreeProps["onDrop"] = (info) => {
    const moving = list.find((d) => d.id === String(info.dragNode.key));
    const parentId = parentAfterDrop(list, info);
    if (!moving || parentId === moving.parent_id) return;
    const parent = list.find((d) => d.id === parentId);
    void run(
      () => http.patch(`/api/org/departments/${moving.id}`, { parent_id: parentId }),
      parent
        ? t("departments.moved", { name: moving.name, parent: parent.name })
        : t("departments.movedTop", { name: moving.name }),
      // The server's refusal of a move into the department's own branch, said in the tree's words.
      (error) =>
        parent && isProblem(error) && error.errors.some((e) => e.field === "parent_id")
          ? t("departments.moveIntoOwnBranch", { name: moving.name, parent: parent.name })
          : null,
    );
  };

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }}>
          {t("departments.title")}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => void add(null)}
          data-testid="department-add"
        >
          {t("departments.add")}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card size="small">
            {departments.isLoading ? (
              <Skeleton active />
            ) : tree.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("departments.empty")} />
            ) : (
              <>
                <Tree
                  blockNode
                  // A finger cannot drag a tree node: on a phone the parent picker in the form moves it.
                  draggable={!isPhone && !saving ? { icon: false } : false}
                  onDrop={onDrop}
                  treeData={tree}
                  expandedKeys={list.map((d) => d.id).filter((id) => !folded.has(id))}
                  onExpand={(keys) =>
                    setFolded(new Set(list.map((d) => d.id).filter((id) => !keys.includes(id))))
                  }
                  selectedKeys={selected ? [selected] : []}
                  onSelect={(keys) => select((keys[0] as string | undefined) ?? null)}
                />
                {isPhone ? null : (
                  <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
                    {t("departments.dragHint")}
                  </Typography.Paragraph>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} md={14}>
          {current ? (
            <Card
              size="small"
              title={current.name}
              extra={
                <Flex gap={8}>
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => void add(current.id)}
                    data-testid="department-add-child"
                  >
                    {t("departments.addChild")}
                  </Button>
                  <Popconfirm
                    title={t("departments.deleteConfirm", { name: current.name })}
                    okText={t("common.delete")}
                    cancelText={t("common.cancel")}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      run(async () => {
                        await http.delete(`/api/org/departments/${current.id}`);
                        setSelected(null);
                      }, t("departments.deleted"))
                    }
                  >
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
                  </Popconfirm>
                </Flex>
              }
            >
              <DepartmentForm
                // A move (a drag in the tree) gives the form its new parent: never saved back over the move.
                key={`${current.id}:${current.parent_id ?? ""}`}
                department={current}
                departments={list}
                saving={saving}
                onSave={(values) =>
                  run(() => http.patch(`/api/org/departments/${current.id}`, values), t("departments.saved"))
                }
              />
              <div style={{ marginTop: 16 }}>
                <Members department={current.id} />
              </div>
            </Card>
          ) : (
            <Card size="small">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("departments.pick")} />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
