import type { Recipient } from "@keduo/core";
import { Flex, InputNumber, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useRoles } from "../../api/users.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { UserSelect } from "../user-select.tsx";

type Kind = Recipient["kind"];
const KINDS: Kind[] = ["owner", "manager", "department_head", "user", "role", "user_field", "related_owner"];

/** A recipient of a new kind: only the kind's own setting, with a sensible start where there is one. */
function ofKind(kind: Kind): Recipient {
  switch (kind) {
    case "manager":
      return { kind, levels: 1 };
    case "user":
      return { kind, user: "" };
    case "role":
      return { kind, role: "" };
    case "user_field":
    case "related_owner":
      return { kind, field: "" };
    default:
      return { kind };
  }
}

/**
 * Whom an action addresses, as people think of them: the owner, their manager, a role, someone named in a
 * field, or the owner of the related account — resolved per record when the automation runs.
 */
export function RecipientInput({
  value,
  onChange,
  object,
  id,
  testId,
}: {
  value?: Recipient;
  onChange?: (value: Recipient) => void;
  object: ObjectMeta | undefined;
  id?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const roles = useRoles();
  const isPhone = useIsPhone();
  const recipient = value ?? { kind: "owner" };
  const fieldsOf = (type: string) =>
    (object?.fields ?? [])
      .filter((f) => f.type === type && !f.hidden)
      .map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }));
  const setting = () => {
    switch (recipient.kind) {
      case "manager":
        return (
          <InputNumber
            min={1}
            max={10}
            value={recipient.levels ?? 1}
            onChange={(levels) => onChange?.({ kind: "manager", levels: levels ?? 1 })}
            addonAfter={t("automationActions.recipients.levelsSuffix")}
            style={{ width: 120 }}
            aria-label={t("automationActions.recipients.levels")}
          />
        );
      case "user":
        return (
          <div style={{ flex: 1, minWidth: 160 }}>
            <UserSelect
              value={recipient.user || null}
              onChange={(user) => onChange?.({ kind: "user", user: user ?? "" })}
            />
          </div>
        );
      case "role":
        return (
          <Select
            value={recipient.role || undefined}
            placeholder={t("automationActions.recipients.pickRole")}
            onChange={(role: string) => onChange?.({ kind: "role", role })}
            options={(roles.data ?? []).map((r) => ({
              value: r.api_name,
              label: label(r.labels) || r.api_name,
            }))}
            style={{ flex: 1, minWidth: 160 }}
            data-testid={`${testId}-role`}
          />
        );
      case "user_field":
      case "related_owner": {
        const kind = recipient.kind;
        return (
          <Select
            value={recipient.field || undefined}
            placeholder={t(
              kind === "user_field"
                ? "automationActions.recipients.pickUserField"
                : "automationActions.recipients.pickRelation",
            )}
            onChange={(field: string) => onChange?.({ kind, field })}
            options={fieldsOf(kind === "user_field" ? "user" : "relation")}
            style={{ flex: 1, minWidth: 160 }}
            data-testid={`${testId}-field`}
          />
        );
      }
      default:
        return null;
    }
  };
  return (
    <Flex gap={8} wrap style={{ flex: 1 }}>
      <Select
        id={id}
        value={recipient.kind}
        onChange={(kind: Kind) => onChange?.(ofKind(kind))}
        options={KINDS.map((kind) => ({ value: kind, label: t(`automationActions.recipients.${kind}`) }))}
        // On a phone the kind takes its own line and the setting the next one.
        style={{ width: isPhone ? "100%" : 200 }}
        popupMatchSelectWidth={false}
        data-testid={`${testId}-kind`}
      />
      {setting()}
    </Flex>
  );
}
