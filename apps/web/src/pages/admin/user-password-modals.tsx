import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import type { User } from "../../api/types.ts";
import { generatePassword, useUpdateUser } from "../../api/users.queries.ts";
import { problemMessage } from "../../components/error-result.tsx";
import { applyProblems } from "./form-problems.ts";

export interface Credentials {
  user: User;
  password: string;
}

/** The sign-in details of a new user or a reset password: shown once, with a copy button. */
export function CredentialsModal({
  credentials,
  onClose,
}: {
  credentials: Credentials | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  if (!credentials) return null;
  const { user, password } = credentials;
  const text = t("adminUsers.users.credentialsText", {
    url: window.location.origin,
    email: user.email,
    password,
  });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t("adminUsers.users.copied"));
    } catch {
      message.error(t("errors.generic"));
    }
  };
  return (
    <Modal
      open
      title={t("adminUsers.users.credentialsTitle", { name: user.name })}
      onCancel={onClose}
      maskClosable={false}
      footer={[
        <Button key="copy" onClick={copy} data-testid="copy-credentials">
          {t("adminUsers.users.copyCredentials")}
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="credentials-close">
          {t("common.close")}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title={t("adminUsers.users.credentialsHelp")}
        style={{ marginBottom: 12 }}
      />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("adminUsers.users.email")}>{user.email}</Descriptions.Item>
        <Descriptions.Item label={t("adminUsers.users.password")}>
          <Typography.Text code copyable data-testid="credentials-password">
            {password}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

/** Sets a new password for another user (PATCH /api/users/{id}); the server signs them out everywhere. */
export function ResetPasswordModal({
  user,
  onClose,
  onReset,
}: {
  user: User | null;
  onClose: () => void;
  onReset: (credentials: Credentials) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [general, setGeneral] = useState<string | null>(null);
  const update = useUpdateUser();
  if (!user) return null;

  const submit = async ({ password }: { password: string }) => {
    setGeneral(null);
    try {
      await update.mutateAsync({ id: user.id, password });
      onReset({ user, password });
    } catch (error) {
      if (isProblem(error) && error.errors.length) {
        const { unmatched } = applyProblems(form, error);
        if (unmatched.length) setGeneral(unmatched.join(" "));
      } else setGeneral(problemMessage(error, t));
    }
  };

  return (
    <Modal
      open
      title={t("adminUsers.users.resetPasswordTitle", { name: user.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={update.isPending}
      okButtonProps={{ "data-testid": "reset-password-submit" } as Record<`data-${string}`, string>}
    >
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t("adminUsers.users.resetPasswordHelp")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ password: generatePassword() }}>
        <Form.Item label={t("adminUsers.users.newPassword")} required>
          <Space.Compact style={{ width: "100%" }}>
            <Form.Item
              name="password"
              noStyle
              rules={[{ required: true, message: t("adminUsers.users.passwordRequired") }]}
            >
              <Input autoComplete="new-password" style={{ fontFamily: "monospace" }} />
            </Form.Item>
            <Button onClick={() => form.setFieldValue("password", generatePassword())}>
              {t("adminUsers.users.generate")}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
