import {
  DeleteOutlined,
  EditOutlined,
  LayoutOutlined,
  NodeIndexOutlined,
  PlusOutlined,
  TableOutlined,
  UserSwitchOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Menu,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { http } from "../../api/http-client.ts";
import { objectsKey, useObjects } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { isAdminUser, useCurrentUser } from "../../api/session.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { FieldOrderButtons, SortableFieldTable } from "../../components/layout/sortable-field-table.tsx";
import { useFieldOrder } from "../../components/layout/use-field-order.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { fieldTypeLabel } from "../../lib/field-types.ts";
import { visibleFields } from "../../lib/metadata.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { FieldEditor } from "./field-editor.tsx";
import { applyProblems } from "./form-problems.ts";
import { ObjectFormModal } from "./object-form-modal.tsx";

/** Labels and title field of an object, saved with PATCH /api/meta/objects/{object}. */
function ObjectSettings({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const titleCandidates = visibleFields(object).filter((f) =>
    ["text", "auto_number", "email", "phone"].includes(f.type),
  );
  const save = async () => {
    const values = form.getFieldsValue(true);
    setSaving(true);
    try {
      await http.patch(`/api/meta/objects/${object.api_name}`, values);
      await queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(t("designer.objectSaved"));
    } catch (error) {
      if (isProblem(error) && error.errors.length) applyProblems(form, error);
      else message.error(problemMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        labels: object.labels,
        plural_labels: object.plural_labels,
        display_field: object.display_field,
      }}
      onFinish={save}
      disabled={saving}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name={["labels", "zh-CN"]} label={t("designer.labelZh")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={["labels", "en"]} label={t("designer.labelEn")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={["plural_labels", "zh-CN"]} label={t("designer.pluralZh")}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name={["plural_labels", "en"]} label={t("designer.pluralEn")}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="display_field"
        label={t("designer.displayField")}
        extra={t("designer.displayFieldHelp")}
      >
        <Select
          allowClear
          style={{ maxWidth: 320 }}
          options={titleCandidates.map((f) => ({ value: f.api_name, label: label(f.labels) }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t("common.save")}
      </Button>
    </Form>
  );
}

function FieldFlags({ field }: { field: FieldMeta }) {
  const { t } = useTranslation();
  return (
    <>
      {field.required ? <Tag color="red">{t("designer.required")}</Tag> : null}
      {field.unique ? <Tag color="purple">{t("designer.unique")}</Tag> : null}
      {field.indexed ? <Tag>{t("designer.indexed")}</Tag> : null}
      {field.read_only ? <Tag>{t("designer.readOnly")}</Tag> : null}
    </>
  );
}

function ObjectDesigner({ object, objects }: { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ field: FieldMeta | null } | null>(null);
  const { fields, move: moveField } = useFieldOrder(object);

  const hideField = async (field: FieldMeta) => {
    try {
      await http.delete(`/api/meta/objects/${object.api_name}/fields/${field.api_name}`);
      await queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(t("designer.fieldDeleted"));
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  const deleteObject = async () => {
    try {
      await http.delete(`/api/meta/objects/${object.api_name}`);
      await queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(t("designer.objectDeleted"));
      navigate("/admin/objects");
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  const actions = (field: FieldMeta) => (
    <Flex gap={4}>
      <Button
        size="small"
        icon={<EditOutlined />}
        onClick={() => setEditing({ field })}
        aria-label={t("common.edit")}
        data-testid={`edit-field-${field.api_name}`}
      />
      <Popconfirm
        title={t("designer.deleteFieldConfirm", { name: label(field.labels) })}
        description={t("designer.deleteFieldDetail")}
        onConfirm={() => hideField(field)}
        okButtonProps={{ danger: true }}
        okText={t("common.delete")}
        cancelText={t("common.cancel")}
      >
        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
      </Popconfirm>
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="designer-object-title">
            {label(object.labels)}
          </Typography.Title>
          <Typography.Text type="secondary" code>
            {object.api_name}
          </Typography.Text>
        </div>
        <Flex gap={8} wrap>
          <Link to={`/o/${object.api_name}`}>
            <Button icon={<TableOutlined />}>{t("designer.openList")}</Button>
          </Link>
          <Link to={`/admin/objects/${object.api_name}/layout`}>
            <Button icon={<LayoutOutlined />} data-testid="open-layout-designer">
              {t("layouts.designer.open")}
            </Button>
          </Link>
          <Link to={`/admin/objects/${object.api_name}/pipelines`}>
            <Button icon={<NodeIndexOutlined />} data-testid="open-pipelines">
              {t("pipelines.open")}
            </Button>
          </Link>
          <Link to={`/admin/objects/${object.api_name}/assignment-rules`}>
            <Button icon={<UserSwitchOutlined />} data-testid="open-assignment-rules">
              {t("assignment.open")}
            </Button>
          </Link>
          <Popconfirm
            title={t("designer.deleteObjectConfirm", { name: label(object.labels) })}
            description={t("designer.deleteObjectDetail")}
            onConfirm={deleteObject}
            okButtonProps={{ danger: true }}
            okText={t("common.delete")}
            cancelText={t("common.cancel")}
          >
            <Button danger icon={<DeleteOutlined />}>
              {isPhone ? null : t("designer.deleteObject")}
            </Button>
          </Popconfirm>
        </Flex>
      </Flex>
      <Card
        size="small"
        title={`${t("designer.fields")} · ${t("designer.fieldCount", { count: fields.length })}`}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ field: null })}
            data-testid="add-field"
          >
            {t("designer.addField")}
          </Button>
        }
      >
        {fields.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("designer.noFields")} />
        ) : isPhone ? (
          <Flex vertical gap={8}>
            {fields.map((field, index) => (
              <Flex key={field.api_name} justify="space-between" align="center" gap={8}>
                <div>
                  <div>
                    {label(field.labels)} <Tag>{fieldTypeLabel(field.type, language)}</Tag>
                  </div>
                  <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                    {field.api_name}
                  </Typography.Text>
                </div>
                <Flex gap={4}>
                  <FieldOrderButtons
                    index={index}
                    count={fields.length}
                    onMove={moveField}
                    name={field.api_name}
                  />
                  {actions(field)}
                </Flex>
              </Flex>
            ))}
          </Flex>
        ) : (
          <SortableFieldTable
            fields={fields}
            onMove={moveField}
            testId="designer-fields"
            columns={[
              { key: "label", title: t("designer.labelZh"), render: (_, f) => f.labels["zh-CN"] },
              { key: "label_en", title: t("designer.labelEn"), render: (_, f) => f.labels.en },
              {
                key: "api_name",
                title: t("designer.fieldApiName"),
                render: (_, f) => <Typography.Text code>{f.api_name}</Typography.Text>,
              },
              { key: "type", title: t("designer.type"), render: (_, f) => fieldTypeLabel(f.type, language) },
              { key: "flags", title: t("designer.properties"), render: (_, f) => <FieldFlags field={f} /> },
              { key: "actions", title: t("common.actions"), width: 96, render: (_, f) => actions(f) },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t("designer.objectSettings")}>
        <ObjectSettings
          key={JSON.stringify([object.labels, object.plural_labels, object.display_field])}
          object={object}
        />
      </Card>
      {editing ? (
        <FieldEditor
          object={object}
          objects={objects}
          field={editing.field}
          open
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Flex>
  );
}

/** `/admin/objects[/:object]`: the objects on the left, the chosen one's fields and settings on the right. */
export default function DesignerPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const { object: apiName } = useParams();
  const objects = useObjects();
  const [creating, setCreating] = useState(false);
  useDocumentTitle(t("designer.title"));

  if (!isAdminUser(user)) return <Navigate to="/" replace />;
  if (objects.isLoading) return <Skeleton active />;
  if (objects.error) return <ErrorResult error={objects.error} onRetry={() => objects.refetch()} />;
  const list = objects.data?.objects ?? [];
  const selected = list.find((o) => o.api_name === apiName);

  const objectMenu = (
    <Card
      size="small"
      title={t("designer.objects")}
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="new-object"
        >
          {t("designer.newObject")}
        </Button>
      }
      styles={{ body: { padding: 4 } }}
    >
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("home.noObjects")} />
      ) : (
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 0 }}
          selectedKeys={selected ? [selected.api_name] : []}
          onClick={({ key }) => navigate(`/admin/objects/${key}`)}
          items={list.map((o) => ({
            key: o.api_name,
            label: label(o.labels) || o.api_name,
          }))}
        />
      )}
    </Card>
  );

  return (
    <div>
      <Typography.Title level={isPhone ? 4 : 3} style={{ marginTop: 0 }}>
        {t("designer.title")}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} lg={6}>
          {objectMenu}
        </Col>
        <Col xs={24} md={16} lg={18}>
          {selected ? (
            <ObjectDesigner key={selected.api_name} object={selected} objects={list} />
          ) : (
            <Card>
              <Empty description={t("designer.selectObject")} />
            </Card>
          )}
        </Col>
      </Row>
      <ObjectFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(object) => {
          setCreating(false);
          navigate(`/admin/objects/${object.api_name}`);
        }}
      />
    </div>
  );
}
