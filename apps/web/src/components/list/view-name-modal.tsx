import { Checkbox, Form, Input, Modal } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import { problemMessage } from "../error-result.tsx";

export interface ViewNameValues {
  name: string;
  shared: boolean;
}

/** Asks for a view's name (save as, rename); the server's field errors show under the name. */
export function ViewNameModal({
  open,
  title,
  initial,
  canShare,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  initial: ViewNameValues;
  /** Offer the share checkbox (admins, and only when creating). */
  canShare: boolean;
  onSubmit: (values: ViewNameValues) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ViewNameValues>();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue(initial);
  }, [open, initial, form]);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await onSubmit({ name: values.name, shared: Boolean(values.shared) });
      onClose();
    } catch (error) {
      const nameErrors = isProblem(error) ? error.errors.filter((e) => e.field === "name") : [];
      form.setFields([
        {
          name: "name",
          errors: nameErrors.length ? nameErrors.map((e) => e.message) : [problemMessage(error, t)],
        },
      ]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ "data-testid": "view-name-ok" } as Record<string, string>}
    >
      <Form form={form} layout="vertical" onFinish={() => void submit()} preserve={false}>
        <Form.Item
          name="name"
          label={t("views.name")}
          rules={[{ required: true, whitespace: true, message: t("views.nameRequired") }]}
        >
          <Input autoFocus maxLength={100} placeholder={t("views.namePlaceholder")} data-testid="view-name" />
        </Form.Item>
        {canShare ? (
          <Form.Item name="shared" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox data-testid="view-shared">{t("views.sharedOption")}</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
