import type { FieldTypeName } from "@keduo/core";
import { FIELD_TYPES } from "@keduo/core";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Flex,
  Form,
  type FormInstance,
  Input,
  Row,
  Select,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { objectsKey } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { FieldMeta, ObjectMeta, ObjectsResponse } from "../../api/types.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { FieldInput } from "../../components/field-input.tsx";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { FIELD_TYPE_NAMES, fieldTypeLabel } from "../../lib/field-types.ts";
import { withSavedField } from "../../lib/saved-field.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { ApiNameAdvanced } from "./api-name-advanced.tsx";
import { TypeSettings } from "./field-type-settings.tsx";
import { applyProblems, suggestApiName, suggestOptionValue } from "./form-problems.ts";

const WITH_DEFAULT = new Set<FieldTypeName>([
  "text",
  "long_text",
  "number",
  "currency",
  "percent",
  "date",
  "boolean",
  "single_select",
  "multi_select",
  "email",
  "phone",
  "url",
]);

interface FieldFormValues {
  type: FieldTypeName;
  api_name: string;
  labels: { "zh-CN"?: string; en?: string };
  help_text?: { "zh-CN"?: string; en?: string };
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  read_only?: boolean;
  default?: unknown;
  config?: FieldMeta["config"];
}

const trimLabels = (labels: { "zh-CN"?: string; en?: string } | undefined) => ({
  "zh-CN": labels?.["zh-CN"]?.trim() ?? "",
  en: labels?.en?.trim() ?? "",
});

/** The default value, entered with the same input the record form will use. */
function DefaultValueInput({
  form,
  value,
  onChange,
}: {
  form: FormInstance;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const type = Form.useWatch("type", form) as FieldTypeName;
  const options = Form.useWatch(["config", "options"], form) as FieldMeta["config"]["options"];
  const preview: FieldMeta = {
    id: "preview",
    api_name: "default",
    type,
    labels: { "zh-CN": "", en: "" },
    help_text: null,
    required: false,
    unique: false,
    indexed: false,
    read_only: false,
    default: null,
    config: { options: (options ?? []).filter((o) => o?.value) },
    position: 0,
    hidden: false,
  };
  return <FieldInput field={preview} value={value} onChange={onChange} />;
}

/** Adds a field of any type, or changes an existing one's labels, flags, default and options. */
export function FieldEditor({
  object,
  objects,
  field,
  open,
  onClose,
}: {
  object: ObjectMeta;
  objects: ObjectMeta[];
  /** Present when editing. */
  field: FieldMeta | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FieldFormValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const type = (Form.useWatch("type", form) as FieldTypeName | undefined) ?? field?.type ?? "text";
  const fieldType = FIELD_TYPES[type];
  const stored = Boolean(Form.useWatch(["config", "stored"], form) ?? field?.config.stored);
  // Only a stored formula has a column to index (the server refuses `indexed` on the others).
  const indexable = (name: FieldTypeName, isStored: boolean) =>
    FIELD_TYPES[name].supportsIndex && (name !== "formula" || isStored);

  const initialValues: Partial<FieldFormValues> = field
    ? {
        type: field.type,
        api_name: field.api_name,
        labels: field.labels,
        help_text: field.help_text ?? undefined,
        required: field.required,
        unique: field.unique,
        indexed: field.indexed,
        read_only: field.read_only,
        default: field.default ?? undefined,
        config: field.config,
      }
    : { type: "text", required: false, unique: false, indexed: false, read_only: false };

  const body = (values: FieldFormValues) => {
    const help = trimLabels(values.help_text);
    const config = { ...(values.config ?? {}) } as Record<string, unknown>;
    for (const [key, value] of Object.entries(config))
      if (value === null || value === undefined) delete config[key];
    if (Array.isArray(config.options)) {
      config.options = (config.options as { value?: string; color?: string; labels?: object }[]).map((o) => ({
        value: o.value?.trim().toLowerCase() ?? "",
        labels: trimLabels(o.labels),
        ...(o.color && o.color !== "default" ? { color: o.color } : {}),
      }));
    }
    const blankDefault =
      values.default === undefined ||
      values.default === "" ||
      (Array.isArray(values.default) && !values.default.length);
    return {
      // Left empty, the server makes the API name from the label (年营收 → nian_ying_shou).
      ...(field
        ? {}
        : { type: values.type, ...(values.api_name?.trim() ? { api_name: values.api_name.trim() } : {}) }),
      labels: trimLabels(values.labels),
      help_text: help["zh-CN"] || help.en ? help : null,
      required: Boolean(values.required),
      read_only: Boolean(values.read_only),
      ...(fieldType.supportsUnique ? { unique: Boolean(values.unique) } : {}),
      ...(fieldType.supportsIndex
        ? { indexed: indexable(values.type ?? type, Boolean(config.stored)) && Boolean(values.indexed) }
        : {}),
      ...(WITH_DEFAULT.has(values.type) ? { default: blankDefault ? null : values.default } : {}),
      ...(Object.keys(config).length ? { config } : {}),
    };
  };

  const submit = async () => {
    const values = form.getFieldsValue(true) as FieldFormValues;
    setSaving(true);
    setGeneral([]);
    try {
      const path = `/api/meta/objects/${object.api_name}/fields`;
      const saved = field
        ? await http.patch<FieldMeta>(`${path}/${field.api_name}`, body(values))
        : await http.post<FieldMeta>(path, body(values));
      // The first text field names the object's records unless the admin chose otherwise.
      const titled = !field && !object.display_field && saved.type === "text";
      if (titled) await http.patch(`/api/meta/objects/${object.api_name}`, { display_field: saved.api_name });
      // The saved field shows at once; the metadata is refetched behind it, not waited for.
      queryClient.setQueryData<ObjectsResponse>(
        objectsKey,
        (data) => data && withSavedField(data, object.api_name, saved, titled ? saved.api_name : undefined),
      );
      void queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(
        field
          ? t("designer.fieldSaved")
          : t("designer.fieldCreated", { name: label(saved.labels) || saved.api_name }),
      );
      onClose();
    } catch (error) {
      if (isProblem(error)) {
        const { unmatched } = applyProblems(form, error, (code) =>
          code === "FIELD_NAME_TAKEN" ? "api_name" : "",
        );
        const handled = error.errors.length > 0 || error.code === "FIELD_NAME_TAKEN";
        if (unmatched.length || !handled)
          setGeneral(unmatched.length ? unmatched : [problemMessage(error, t)]);
      } else setGeneral([problemMessage(error, t)]);
    } finally {
      setSaving(false);
    }
  };

  const onValuesChange = (changed: Partial<FieldFormValues>) => {
    if (!field && changed.labels?.en !== undefined && !form.isFieldTouched("api_name")) {
      form.setFieldValue("api_name", suggestApiName(changed.labels.en));
    }
    if (changed.type) {
      form.setFieldValue("default", undefined);
      if (changed.type === "relation") {
        form.setFieldValue(["config", "relation"], {
          cardinality: "many_to_one",
          inverse_name: suggestApiName(object.plural_labels.en || object.api_name),
          inverse_labels: object.plural_labels,
        });
      }
      if (
        (changed.type === "single_select" || changed.type === "multi_select") &&
        !form.getFieldValue(["config", "options"])
      ) {
        form.setFieldValue(["config", "options"], [{ color: "blue" }]);
      }
    }
    // Option values follow their English label until edited (they are API names, like field names).
    const options = changed.config?.options;
    if (Array.isArray(options)) {
      options.forEach((option, index) => {
        if (option?.labels?.en !== undefined && !form.isFieldTouched(["config", "options", index, "value"])) {
          form.setFieldValue(["config", "options", index, "value"], suggestOptionValue(option.labels.en));
        }
      });
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isPhone ? "100%" : 640}
      title={field ? `${t("designer.editField")} · ${label(field.labels)}` : t("designer.addField")}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => form.submit()} loading={saving} data-testid="field-submit">
          {t("common.save")}
        </Button>
      }
    >
      {general.length ? (
        <Alert type="error" showIcon title={general.join(" ")} style={{ marginBottom: 12 }} />
      ) : null}
      <Form
        form={form}
        name="field"
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        onValuesChange={onValuesChange}
        disabled={saving}
        data-testid="field-form"
      >
        <Form.Item name="type" label={t("designer.fieldType")} required>
          <Select
            disabled={Boolean(field)}
            showSearch={{ optionFilterProp: "label" }}
            options={FIELD_TYPE_NAMES.map((name) => ({ value: name, label: fieldTypeLabel(name, language) }))}
            data-testid="field-type"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name={["labels", "zh-CN"]}
              label={t("designer.labelZh")}
              required={language === "zh-CN"}
            >
              <Input
                data-testid="field-label-zh"
                placeholder={language === "zh-CN" ? undefined : t("designer.labelOptional")}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={["labels", "en"]} label={t("designer.labelEn")} required={language === "en"}>
              <Input
                data-testid="field-label-en"
                placeholder={language === "en" ? undefined : t("designer.labelOptional")}
              />
            </Form.Item>
          </Col>
        </Row>
        <ApiNameAdvanced
          label={t("designer.fieldApiName")}
          help={t("designer.fieldApiNameHelp")}
          testId="field-api-name"
          disabled={Boolean(field)}
        />
        <Divider titlePlacement="start" plain>
          {t("designer.properties")}
        </Divider>
        <Flex gap={16} wrap>
          <Form.Item name="required" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="field-required">{t("designer.required")}</Checkbox>
          </Form.Item>
          {fieldType.supportsUnique ? (
            <Form.Item name="unique" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t("designer.unique")}</Checkbox>
            </Form.Item>
          ) : null}
          {indexable(type, stored) ? (
            <Form.Item name="indexed" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox data-testid="field-indexed">{t("designer.indexed")}</Checkbox>
            </Form.Item>
          ) : null}
          <Form.Item name="read_only" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t("designer.readOnly")}</Checkbox>
          </Form.Item>
        </Flex>
        <TypeSettings type={type} form={form} objects={objects} editing={Boolean(field)} />
        {WITH_DEFAULT.has(type) ? (
          <Form.Item name="default" label={t("designer.defaultValue")}>
            <DefaultValueInput form={form} />
          </Form.Item>
        ) : null}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={["help_text", "zh-CN"]} label={t("designer.helpZh")}>
              <Input placeholder={t("common.optional")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={["help_text", "en"]} label={t("designer.helpEn")}>
              <Input placeholder={t("common.optional")} />
            </Form.Item>
          </Col>
        </Row>
        {/* Issue 18: a rule's answer can differ with a hidden value, so its author must keep that value out. */}
        <Alert
          type="info"
          showIcon
          title={t("fieldSecurity.rulesTitle")}
          description={t("fieldSecurity.rulesNote")}
          data-testid="field-rules-note"
        />
      </Form>
    </Drawer>
  );
}
