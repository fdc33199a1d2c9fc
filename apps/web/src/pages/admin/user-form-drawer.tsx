import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Select, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useUsers } from "../../api/metadata.queries.ts";
import { isProblem } from "../../api/problem.ts";
import type { Locale, User } from "../../api/types.ts";
import { generatePassword, useCreateUser, useRoles, useUpdateUser } from "../../api/users.queries.ts";
import { DepartmentSelect } from "../../components/department-select.tsx";
import { problemMessage } from "../../components/error-result.tsx";
import { LANGUAGES, useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { applyProblems } from "./form-problems.ts";

interface UserFormValues {
  name: string;
  email: string;
  roles: string[];
  department_id: string | null;
  manager_id: string | null;
  /** "" stands for null (follow the browser): antd's Select shows no option for a null value. */
  locale: Locale | "";
  password?: string;
  away_until: Dayjs | null;
}

const toValues = (user: User | null): UserFormValues => ({
  name: user?.name ?? "",
  email: user?.email ?? "",
  roles: user?.roles ?? ["member"],
  department_id: user?.department_id ?? null,
  manager_id: user?.manager_id ?? null,
  locale: user?.locale ?? "",
  password: "",
  away_until: user?.away_until ? dayjs(user.away_until) : null,
});

/**
 * Creates a user (`user` null) or edits one. Problems the server reports land under their inputs in the
 * UI language; what was typed stays. A created user's password is handed to `onCreated` to show once.
 */
export function UserFormDrawer({
  open,
  user,
  onClose,
  onCreated,
}: {
  open: boolean;
  user: User | null;
  onClose: () => void;
  onCreated: (user: User, password: string) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const [general, setGeneral] = useState<string | null>(null);
  const roles = useRoles(open);
  const users = useUsers(open);
  const create = useCreateUser();
  const update = useUpdateUser();
  const saving = create.isPending || update.isPending;

  // The form's store outlives the drawer's content: each opening starts again from this user's values.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setGeneral(null);
  }, [open, form]);

  const roleOptions = useMemo(
    () =>
      (roles.data ?? []).map((role) => ({
        value: role.api_name,
        label: label(role.labels) || role.api_name,
      })),
    [roles.data, label],
  );
  const managerOptions = useMemo(
    () =>
      (users.data ?? [])
        .filter((u) => u.id !== user?.id && (u.status === "active" || u.id === user?.manager_id))
        .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
    [users.data, user],
  );

  const submit = async (values: UserFormValues) => {
    setGeneral(null);
    const body = {
      name: values.name,
      email: values.email,
      roles: values.roles ?? [],
      department_id: values.department_id ?? null,
      manager_id: values.manager_id ?? null,
      locale: values.locale || null,
    };
    try {
      if (user) {
        const away_until = values.away_until ? values.away_until.format("YYYY-MM-DD") : null;
        await update.mutateAsync({ id: user.id, ...body, away_until });
        message.success(t("adminUsers.users.saved"));
        onClose();
      } else {
        const password = values.password ?? "";
        const created = await create.mutateAsync({ ...body, password });
        onCreated(created, password);
      }
    } catch (error) {
      if (isProblem(error) && error.errors.length) {
        const { unmatched } = applyProblems(form, error);
        if (unmatched.length) setGeneral(unmatched.join(" "));
      } else setGeneral(problemMessage(error, t));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={isPhone ? "100%" : 480}
      title={user ? t("adminUsers.users.editUser", { name: user.name }) : t("adminUsers.users.newUser")}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="user-submit">
            {user ? t("common.save") : t("adminUsers.users.submitCreate")}
          </Button>
        </Flex>
      }
    >
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 12 }} /> : null}
      <Form<UserFormValues>
        form={form}
        name="user"
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={toValues(user)}
        data-testid="user-form"
      >
        <Form.Item
          name="name"
          label={t("adminUsers.users.name")}
          rules={[{ required: true, whitespace: true, message: t("adminUsers.users.nameRequired") }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t("adminUsers.users.email")}
          rules={[{ required: true, whitespace: true, message: t("adminUsers.users.emailRequired") }]}
        >
          <Input inputMode="email" autoComplete="off" />
        </Form.Item>
        {user ? null : (
          <Form.Item
            label={t("adminUsers.users.password")}
            extra={t("adminUsers.users.passwordHelp")}
            required
          >
            <Space.Compact style={{ width: "100%" }}>
              <Form.Item
                name="password"
                noStyle
                rules={[{ required: true, message: t("adminUsers.users.passwordRequired") }]}
              >
                <Input autoComplete="new-password" style={{ fontFamily: "monospace" }} />
              </Form.Item>
              <Button
                onClick={() => {
                  form.setFieldValue("password", generatePassword());
                  void form.validateFields(["password"]);
                }}
                data-testid="generate-password"
              >
                {t("adminUsers.users.generate")}
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
        <Form.Item name="roles" label={t("adminUsers.users.roles")}>
          <Select
            mode="multiple"
            options={roleOptions}
            loading={roles.isLoading}
            placeholder={t("adminUsers.users.noRole")}
            showSearch={{ optionFilterProp: "label" }}
          />
        </Form.Item>
        <Form.Item name="department_id" label={t("adminUsers.users.department")}>
          <DepartmentSelect />
        </Form.Item>
        <Form.Item name="manager_id" label={t("adminUsers.users.manager")}>
          <Select
            allowClear
            options={managerOptions}
            loading={users.isLoading}
            placeholder={t("fields.selectPlaceholder")}
            showSearch={{ optionFilterProp: "label" }}
          />
        </Form.Item>
        {user ? (
          <Form.Item name="away_until" label={t("assignment.away.label")} extra={t("assignment.away.help")}>
            <DatePicker style={{ width: "100%" }} data-testid="user-away-until" />
          </Form.Item>
        ) : null}
        <Form.Item name="locale" label={t("adminUsers.users.locale")}>
          <Select
            options={[
              { value: "", label: t("adminUsers.users.localeBrowser") },
              ...LANGUAGES.map((locale) => ({ value: locale, label: t(`language.${locale}`) })),
            ]}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
