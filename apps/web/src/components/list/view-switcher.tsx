import { DownOutlined, EyeOutlined, SaveOutlined, TeamOutlined } from "@ant-design/icons";
import { Alert, Button, Dropdown, Flex, type MenuProps, Select, Space, Tag, Tooltip } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ViewActions } from "./use-view-actions.ts";
import { ViewNameModal } from "./view-name-modal.tsx";

const ALL = "__all__";

/** Picks a saved view (shared ones first) and saves, renames, shares or deletes it. */
export function ViewSwitcher({
  actions,
  isAdmin,
  isPhone,
}: {
  actions: ViewActions;
  isAdmin: boolean;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<"saveAs" | "rename" | null>(null);
  const { views, selected, modified } = actions;
  const shared = views.filter((v) => v.shared);
  const personal = views.filter((v) => !v.shared);
  const option = (v: (typeof views)[number]) => ({
    value: v.id,
    label: v.name,
    title: v.name,
  });
  const options = [
    { value: ALL, label: t("views.allRecords") },
    ...(shared.length ? [{ label: t("views.shared"), title: "shared", options: shared.map(option) }] : []),
    ...(personal.length
      ? [{ label: t("views.personal"), title: "personal", options: personal.map(option) }]
      : []),
  ];
  const editable = Boolean(selected?.editable);
  const canShare = Boolean(selected && isAdmin && (selected.shared || selected.owner_id !== null));

  const menu: MenuProps["items"] = [
    { key: "save", label: t("views.save"), disabled: !selected || !editable || !modified },
    { key: "saveAs", label: t("views.saveAs") },
    { key: "rename", label: t("views.rename"), disabled: !editable },
    ...(isAdmin
      ? [
          {
            key: "share",
            label: selected?.shared ? t("views.unshare") : t("views.share"),
            disabled: !editable || !canShare,
          },
        ]
      : []),
    { type: "divider" as const },
    { key: "delete", label: t("views.delete"), danger: true, disabled: !editable },
  ];
  const onMenu: MenuProps["onClick"] = ({ key }) => {
    if (key === "save") void actions.save();
    else if (key === "saveAs" || key === "rename") setDialog(key);
    else if (key === "share") void actions.toggleShare();
    else if (key === "delete") actions.remove();
  };
  const initial = useMemo(
    () => ({
      name: dialog === "rename" ? (selected?.name ?? "") : "",
      shared: false,
    }),
    [dialog, selected?.name],
  );

  return (
    <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
      <Space.Compact style={{ minWidth: 0 }}>
        <Select
          aria-label={t("views.switcher")}
          data-testid="view-switcher"
          value={selected?.id ?? ALL}
          loading={actions.loading}
          options={options}
          onChange={(id: string) => actions.select(views.find((v) => v.id === id) ?? null)}
          style={{ width: isPhone ? 180 : 220 }}
          popupMatchSelectWidth={false}
          prefix={selected?.shared ? <TeamOutlined /> : <EyeOutlined />}
          optionRender={(item) => <span data-testid={`view-option-${String(item.label)}`}>{item.label}</span>}
        />
        <Dropdown menu={{ items: menu, onClick: onMenu }} trigger={["click"]}>
          <Button data-testid="view-actions" icon={<DownOutlined />} iconPlacement="end">
            {t("views.actions")}
          </Button>
        </Dropdown>
      </Space.Compact>
      {selected?.shared ? <Tag color="blue">{t("views.sharedTag")}</Tag> : null}
      {modified ? (
        editable ? (
          <Button
            type="primary"
            ghost
            size="small"
            icon={<SaveOutlined />}
            onClick={() => void actions.save()}
            data-testid="view-save"
          >
            {t("views.save")}
          </Button>
        ) : (
          <Tooltip title={t("views.readOnly")}>
            <Tag color="orange" data-testid="view-modified">
              {t("views.modified")}
            </Tag>
          </Tooltip>
        )
      ) : null}
      <ViewNameModal
        open={dialog !== null}
        title={dialog === "rename" ? t("views.renameTitle") : t("views.saveAsTitle")}
        initial={initial}
        canShare={dialog === "saveAs" && isAdmin}
        onClose={() => setDialog(null)}
        onSubmit={(values) => (dialog === "rename" ? actions.rename(values.name) : actions.saveAs(values))}
      />
    </Flex>
  );
}

/** Says when the view's filter was relaxed for this user, or cannot be shown in the filter builder. */
export function ViewNotices({ actions }: { actions: ViewActions }) {
  const { t } = useTranslation();
  return (
    <>
      {actions.selected?.filter_relaxed ? (
        <Alert
          type="info"
          showIcon
          title={t("views.relaxed")}
          style={{ marginBottom: 12 }}
          data-testid="view-relaxed"
        />
      ) : null}
      {actions.advancedFilter ? (
        <Alert type="info" showIcon title={t("views.advancedFilter")} style={{ marginBottom: 12 }} />
      ) : null}
    </>
  );
}
