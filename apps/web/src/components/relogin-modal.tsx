import { LockOutlined } from "@ant-design/icons";
import { Alert, Form, Input, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useLogin } from "../api/session.ts";
import { problemMessage } from "./error-result.tsx";

/**
 * The session ended while a page was open (expired, or signed out elsewhere). Signing in again here keeps
 * the page, and with it whatever the user typed; they then repeat the action that failed.
 */
export function ReloginModal({ email }: { email: string }) {
  const { t } = useTranslation();
  const login = useLogin();
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal
      open
      closable={false}
      mask={{ closable: false }}
      title={t("login.expiredTitle")}
      okText={t("login.submit")}
      cancelButtonProps={{ style: { display: "none" } }}
      confirmLoading={login.isPending}
      onOk={() => form.submit()}
      data-testid="relogin"
    >
      <Typography.Paragraph>{t("login.expiredDetail", { email })}</Typography.Paragraph>
      {login.error ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problemMessage(login.error, t)} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ password }) => login.mutate({ email, password })}
      >
        <Form.Item
          name="password"
          label={t("login.password")}
          rules={[{ required: true, message: t("login.passwordRequired") }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
