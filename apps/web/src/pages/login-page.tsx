import { GlobalOutlined, LockOutlined, MailOutlined } from "@ant-design/icons";
import type { Locale } from "@keduo/core";
import { Alert, Button, Card, Form, Input, Segmented, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { chooseLanguageBeforeSignIn, useLogin, useSession } from "../api/session.ts";
import { problemMessage } from "../components/error-result.tsx";
import { LANGUAGES, useLanguage } from "../i18n/index.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";

/** Only same-app paths: `?next=https://evil.example` must not turn the login into an open redirect. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  useDocumentTitle(t("login.title"));

  if (session.data) return <Navigate to={next} replace />;

  const onFinish = (values: { email: string; password: string }) => {
    login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <div
      style={{
        minHeight: "100vh",
        display: "grid",
        placeItems: "center",
        padding: 16,
        background: "linear-gradient(180deg, #e6f4ff 0%, #f5f5f5 60%)",
      }}
    >
      <div style={{ position: "fixed", top: 12, right: 12 }}>
        <Segmented<Locale>
          size="small"
          value={language}
          onChange={chooseLanguageBeforeSignIn}
          options={LANGUAGES.map((locale) => ({
            value: locale,
            label: t(`language.${locale}`),
            icon: locale === language ? <GlobalOutlined /> : undefined,
          }))}
          aria-label={t("language.label")}
        />
      </div>
      <Card style={{ width: "100%", maxWidth: 380 }} styles={{ body: { padding: 32 } }}>
        <div style={{ textAlign: "center", marginBottom: 24 }}>
          <div
            aria-hidden
            style={{
              display: "inline-grid",
              placeItems: "center",
              width: 48,
              height: 48,
              borderRadius: 10,
              background: "#1677ff",
              color: "#fff",
              fontSize: 24,
              fontWeight: 600,
              marginBottom: 12,
            }}
          >
            客
          </div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t("login.title")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("app.tagline")}</Typography.Text>
        </div>
        {login.error ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problemMessage(login.error, t)}
            data-testid="login-error"
          />
        ) : null}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item
            name="email"
            label={t("login.email")}
            rules={[{ required: true, message: t("login.emailRequired") }]}
          >
            <Input
              prefix={<MailOutlined />}
              autoComplete="username"
              inputMode="email"
              size="large"
              autoFocus
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.passwordRequired") }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
