import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Col, Form, Input, Modal, Row } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";
import { objectsKey } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { useLanguage } from "../../i18n/index.ts";
import { ApiNameAdvanced } from "./api-name-advanced.tsx";
import { applyProblems, suggestApiName, suggestPlural } from "./form-problems.ts";

interface ObjectFormValues {
  api_name: string;
  labels: { "zh-CN": string; en: string };
  plural_labels?: { "zh-CN"?: string; en?: string };
}

/** Creates an object: an API name (the table) and its names in both languages. */
export function ObjectFormModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (object: ObjectMeta) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ObjectFormValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);

  const submit = async () => {
    const values = form.getFieldsValue(true) as ObjectFormValues;
    const plural = values.plural_labels;
    const body = {
      // Left empty, the server makes it from the label (客户 → ke_hu); one label language is enough.
      ...(values.api_name?.trim() ? { api_name: values.api_name.trim() } : {}),
      labels: { "zh-CN": values.labels?.["zh-CN"]?.trim() ?? "", en: values.labels?.en?.trim() ?? "" },
      ...(plural?.["zh-CN"] || plural?.en
        ? {
            plural_labels: {
              "zh-CN": plural["zh-CN"]?.trim() || values.labels?.["zh-CN"]?.trim() || "",
              en: plural.en?.trim() || values.labels?.en?.trim() || "",
            },
          }
        : {}),
    };
    setSaving(true);
    setGeneral([]);
    try {
      const created = await http.post<ObjectMeta>("/api/meta/objects", body);
      await queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(t("designer.objectCreated", { name: values.labels["zh-CN"] || created.api_name }));
      form.resetFields();
      onCreated(created);
    } catch (error) {
      if (isProblem(error)) {
        const { unmatched } = applyProblems(form, error, (code) =>
          code === "OBJECT_NAME_TAKEN" ? "api_name" : "",
        );
        if (unmatched.length || (!error.errors.length && error.code !== "OBJECT_NAME_TAKEN"))
          setGeneral(unmatched.length ? unmatched : [problemMessage(error, t)]);
      } else setGeneral([problemMessage(error, t)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t("designer.newObject")}
      onCancel={() => {
        form.resetFields();
        setGeneral([]);
        onClose();
      }}
      onOk={() => form.submit()}
      okText={t("common.create")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      forceRender
      okButtonProps={{ "data-testid": "object-submit" } as Record<`data-${string}`, string>}
    >
      {general.length ? (
        <Alert type="error" showIcon title={general.join(" ")} style={{ marginBottom: 12 }} />
      ) : null}
      <Form
        form={form}
        name="object"
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        data-testid="object-form"
        onValuesChange={(changed: Partial<ObjectFormValues>) => {
          // API name and plural names follow the names until the admin edits them.
          const en = changed.labels?.en;
          const zh = changed.labels?.["zh-CN"];
          if (en !== undefined && !form.isFieldTouched("api_name")) {
            form.setFieldValue("api_name", suggestApiName(en));
          }
          if (en !== undefined && !form.isFieldTouched(["plural_labels", "en"])) {
            form.setFieldValue(["plural_labels", "en"], suggestPlural(en));
          }
          if (zh !== undefined && !form.isFieldTouched(["plural_labels", "zh-CN"])) {
            form.setFieldValue(["plural_labels", "zh-CN"], zh);
          }
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name={["labels", "zh-CN"]}
              label={t("designer.labelZh")}
              required={language === "zh-CN"}
            >
              <Input
                data-testid="object-label-zh"
                placeholder={language === "zh-CN" ? undefined : t("designer.labelOptional")}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={["labels", "en"]} label={t("designer.labelEn")} required={language === "en"}>
              <Input
                data-testid="object-label-en"
                placeholder={language === "en" ? undefined : t("designer.labelOptional")}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={["plural_labels", "zh-CN"]} label={t("designer.pluralZh")}>
              <Input placeholder={t("common.optional")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={["plural_labels", "en"]} label={t("designer.pluralEn")}>
              <Input placeholder={t("common.optional")} />
            </Form.Item>
          </Col>
        </Row>
        <ApiNameAdvanced
          label={t("designer.objectApiName")}
          help={t("designer.objectApiNameHelp")}
          testId="object-api-name"
        />
      </Form>
    </Modal>
  );
}
