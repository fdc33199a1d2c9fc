import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Form, Modal, Select, Tooltip, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { isProblem } from "../../api/problem.ts";
import type { RecordActions } from "../../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { isEditable, recordTitle } from "../../lib/metadata.ts";
import { AssignByRulesButton } from "../assignment/assign-button.tsx";
import { problemMessage } from "../error-result.tsx";
import { FieldInput } from "../field-input.tsx";
import { TransferButton } from "../transfer-button.tsx";

/** The server's per-record problems of an all-or-nothing bulk call, one line each, naming the record. */
function useBulkProblems(object: ObjectMeta, records: RecordData[]) {
  const { t } = useTranslation();
  return (error: unknown): string[] => {
    if (!isProblem(error) || error.errors.length === 0) return [problemMessage(error, t)];
    return error.errors.map((problem) => {
      const match = /^records\.(\d+)\.?/.exec(problem.field);
      const record = match ? records[Number(match[1])] : undefined;
      return record
        ? t("views.bulk.recordError", {
            index: Number(match![1]) + 1,
            title: recordTitle(object, record),
            message: problem.message,
          })
        : problem.message;
    });
  };
}

/** What to do with the selected records: set one field on all of them, or delete them (all or nothing). */
export function BulkBar({
  object,
  fields,
  selected,
  actions,
  onClear,
  onDone,
}: {
  object: ObjectMeta;
  fields: FieldMeta[];
  selected: RecordData[];
  /** What the user may do with a selected record (the server's per-row answer). */
  actions: (id: string) => RecordActions;
  onClear: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const [editOpen, setEditOpen] = useState(false);
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const problemsOf = useBulkProblems(object, selected);
  const editable = fields.filter(isEditable);
  const field = editable.find((f) => f.api_name === fieldName);
  const count = selected.length;
  // Offered only when every selected record allows it; the tooltip says how many do not.
  const refused = (action: keyof RecordActions) => selected.filter((r) => !actions(r.id)[action]).length;
  const notEditable = refused("edit");
  const notDeletable = refused("delete");

  const applyEdit = async () => {
    if (!field) return;
    const value = form.getFieldValue("value");
    const normalised = value === "" || (Array.isArray(value) && value.length === 0) ? null : (value ?? null);
    setSaving(true);
    setProblems([]);
    try {
      await http.patch(`/api/records/${object.api_name}/bulk`, {
        records: selected.map((r) => ({ id: r.id, version: r.version, [field.api_name]: normalised })),
      });
      message.success(t("views.bulk.updated", { count }));
      setEditOpen(false);
      onDone();
    } catch (error) {
      setProblems(problemsOf(error));
    } finally {
      setSaving(false);
    }
  };

  const confirmDelete = () =>
    modal.confirm({
      title: t("views.bulk.delete"),
      content: t("views.bulk.deleteConfirm", { count }),
      okText: t("common.delete"),
      okButtonProps: { danger: true, ...({ "data-testid": "bulk-delete-ok" } as Record<string, string>) },
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await http.post(`/api/records/${object.api_name}/bulk-delete`, {
            records: selected.map((r) => ({ id: r.id, version: r.version })),
          });
          message.success(t("views.bulk.deletedDone", { count }));
          onDone();
        } catch (error) {
          modal.error({
            title: t("views.bulk.failed"),
            content: problemsOf(error).map((line) => <div key={line}>{line}</div>),
          });
        }
      },
    });

  return (
    <Flex
      gap={8}
      align="center"
      wrap
      style={{ marginBottom: 12, padding: "6px 12px", background: "#e6f4ff", borderRadius: 6 }}
      data-testid="bulk-bar"
    >
      <Typography.Text strong>{t("views.bulk.selected", { count })}</Typography.Text>
      <Tooltip title={notEditable ? t("views.bulk.notEditable", { count: notEditable }) : undefined}>
        <Button
          size="small"
          icon={<EditOutlined />}
          disabled={notEditable > 0}
          onClick={() => {
            setProblems([]);
            setEditOpen(true);
          }}
          data-testid="bulk-edit"
        >
          {t("views.bulk.edit")}
        </Button>
      </Tooltip>
      <TransferButton
        object={object}
        ids={selected.map((r) => r.id)}
        size="small"
        allowed={refused("transfer") === 0}
        onDone={onDone}
      />
      <AssignByRulesButton
        object={object}
        ids={selected.map((r) => r.id)}
        notAllowed={refused("transfer")}
        onDone={onDone}
      />
      <Tooltip title={notDeletable ? t("views.bulk.notDeletable", { count: notDeletable }) : undefined}>
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          disabled={notDeletable > 0}
          onClick={confirmDelete}
          data-testid="bulk-delete"
        >
          {t("views.bulk.delete")}
        </Button>
      </Tooltip>
      <Button size="small" type="link" onClick={onClear}>
        {t("views.bulk.clear")}
      </Button>
      <Modal
        open={editOpen}
        title={t("views.bulk.editTitle", { count })}
        onCancel={() => setEditOpen(false)}
        onOk={() => void applyEdit()}
        okText={t("views.bulk.apply")}
        cancelText={t("common.cancel")}
        okButtonProps={{ disabled: !field, ...({ "data-testid": "bulk-edit-ok" } as Record<string, string>) }}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item label={t("views.bulk.field")}>
            <Select
              value={fieldName}
              onChange={(name: string) => {
                setFieldName(name);
                form.setFieldValue("value", undefined);
              }}
              options={editable.map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }))}
              showSearch={{ optionFilterProp: "label" }}
              data-testid="bulk-field"
            />
          </Form.Item>
          {field ? (
            <Form.Item name="value" label={t("views.bulk.value")}>
              <FieldInput key={field.api_name} field={field} />
            </Form.Item>
          ) : null}
        </Form>
        {problems.length ? (
          <Alert
            type="error"
            showIcon
            title={t("views.bulk.failed")}
            description={problems.map((line) => <div key={line}>{line}</div>)}
            data-testid="bulk-problems"
          />
        ) : null}
      </Modal>
    </Flex>
  );
}
