import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem, ProblemError } from "../api/problem.ts";
import { type CreatedApiToken, type TokenScope, useCreateToken } from "../api/users.queries.ts";
import { problemMessage } from "../components/error-result.tsx";
import { applyProblems } from "./admin/form-problems.ts";

type Expiry = "30" | "90" | "365" | "never" | "custom";

interface TokenFormValues {
  name: string;
  scopes: TokenScope[];
  expiry: Expiry;
  expires_on?: Dayjs | null;
}

/** The instant a token made now expires: the end of the chosen day in the browser's time zone. */
function expiresAt(values: TokenFormValues): string | undefined {
  if (values.expiry === "never") return undefined;
  const day = values.expiry === "custom" ? values.expires_on : dayjs().add(Number(values.expiry), "day");
  return day ? day.endOf("day").toISOString() : undefined;
}

/** Name, scopes and expiry of a new token; the created token (with its secret) goes to `onCreated`. */
export function TokenCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: CreatedApiToken) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TokenFormValues>();
  const [general, setGeneral] = useState<string | null>(null);
  const create = useCreateToken();
  const expiry = Form.useWatch("expiry", form);

  const submit = async (values: TokenFormValues) => {
    setGeneral(null);
    try {
      const token = await create.mutateAsync({
        name: values.name.trim(),
        scopes: values.scopes,
        expires_at: expiresAt(values),
      });
      form.resetFields();
      onCreated(token);
    } catch (error) {
      if (isProblem(error) && error.errors.length) {
        // The API's expires_at is this form's expiry choice (or its date).
        const target = values.expiry === "custom" ? "expires_on" : "expiry";
        const errors = error.errors.map((e) => (e.field === "expires_at" ? { ...e, field: target } : e));
        const { unmatched } = applyProblems(form, new ProblemError(error.status, { ...error.body, errors }));
        if (unmatched.length) setGeneral(unmatched.join(" "));
      } else setGeneral(problemMessage(error, t));
    }
  };

  return (
    <Modal
      open={open}
      title={t("adminUsers.tokens.newToken")}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="create"
          type="primary"
          loading={create.isPending}
          onClick={() => form.submit()}
          data-testid="token-submit"
        >
          {t("adminUsers.tokens.submitCreate")}
        </Button>,
      ]}
      forceRender
    >
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 12 }} /> : null}
      <Form<TokenFormValues>
        form={form}
        name="token"
        layout="vertical"
        onFinish={submit}
        disabled={create.isPending}
        initialValues={{ name: "", scopes: ["read", "write"], expiry: "90" }}
      >
        <Form.Item
          name="name"
          label={t("adminUsers.tokens.name")}
          rules={[{ required: true, whitespace: true, message: t("adminUsers.tokens.nameRequired") }]}
        >
          <Input placeholder={t("adminUsers.tokens.namePlaceholder")} maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t("adminUsers.tokens.scopes")}
          rules={[{ required: true, type: "array", min: 1, message: t("adminUsers.tokens.scopesRequired") }]}
        >
          <Checkbox.Group
            style={{ display: "flex", flexDirection: "column", gap: 4 }}
            options={[
              { value: "read", label: t("adminUsers.tokens.scopeRead") },
              { value: "write", label: t("adminUsers.tokens.scopeWrite") },
            ]}
          />
        </Form.Item>
        <Form.Item name="expiry" label={t("adminUsers.tokens.expiry")}>
          <Select
            options={[
              { value: "30", label: t("adminUsers.tokens.expiry30") },
              { value: "90", label: t("adminUsers.tokens.expiry90") },
              { value: "365", label: t("adminUsers.tokens.expiry365") },
              { value: "never", label: t("adminUsers.tokens.expiryNever") },
              { value: "custom", label: t("adminUsers.tokens.expiryCustom") },
            ]}
          />
        </Form.Item>
        {expiry === "custom" ? (
          <Form.Item
            name="expires_on"
            label={t("adminUsers.tokens.expiresAt")}
            rules={[{ required: true, message: t("adminUsers.tokens.expiresAt") }]}
          >
            <DatePicker style={{ width: "100%" }} disabledDate={(day) => day.isBefore(dayjs(), "day")} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** The new token's secret, shown this once; closing forgets it. */
export function TokenSecretModal({ token, onClose }: { token: CreatedApiToken | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  if (!token) return null;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      message.success(t("adminUsers.tokens.copied"));
    } catch {
      message.error(t("errors.generic"));
    }
  };
  return (
    <Modal
      open
      title={t("adminUsers.tokens.createdTitle")}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={[
        <Button key="copy" onClick={copy} data-testid="token-copy">
          {t("adminUsers.tokens.copy")}
        </Button>,
        <Button key="done" type="primary" onClick={onClose} data-testid="token-done">
          {t("adminUsers.tokens.done")}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title={t("adminUsers.tokens.createdHelp")}
        style={{ marginBottom: 12 }}
      />
      <Typography.Text strong>{token.name}</Typography.Text>
      <Input.TextArea
        readOnly
        value={token.token}
        autoSize
        onFocus={(e) => e.target.select()}
        style={{ fontFamily: "monospace", marginTop: 8 }}
        data-testid="token-secret"
      />
    </Modal>
  );
}
