import { Input, Select } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useUsers } from "../api/metadata.queries.ts";
import { isAdminUser, useCurrentUser } from "../api/session.ts";

/**
 * Picks a user. The user directory (GET /api/users) is an admin route for now, so other users choose
 * between themselves and an id typed by hand.
 */
export function UserSelect({
  value,
  onChange,
  disabled,
  id,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const admin = isAdminUser(me);
  const users = useUsers(admin);
  const options = useMemo(() => {
    if (admin) {
      return (users.data ?? [])
        .filter((u) => u.status === "active" || u.id === value)
        .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
    }
    return me ? [{ value: me.id, label: `${t("fields.me")} · ${me.name}` }] : [];
  }, [admin, users.data, me, value, t]);

  if (!admin && value && value !== me?.id) {
    return (
      <Input
        id={id}
        disabled={disabled}
        value={value}
        placeholder={t("fields.userIdPlaceholder")}
        onChange={(e) => onChange?.(e.target.value.trim() || null)}
        allowClear
      />
    );
  }
  return (
    <Select
      id={id}
      allowClear
      disabled={disabled}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      loading={users.isLoading}
      placeholder={t("fields.selectPlaceholder")}
      showSearch={{ optionFilterProp: "label" }}
      style={{ width: "100%" }}
    />
  );
}
