import {
  ApiOutlined,
  ArrowDownOutlined,
  ArrowUpOutlined,
  BellOutlined,
  CheckSquareOutlined,
  CodeOutlined,
  DeleteOutlined,
  EditOutlined,
  FileAddOutlined,
  HourglassOutlined,
  MailOutlined,
  PlusOutlined,
  UserSwitchOutlined,
} from "@ant-design/icons";
import type { AutomationActionKind } from "@keduo/core";
import { Button, Card, Dropdown, Flex, Form, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { ActionSettings } from "./action-settings.tsx";
import { defaultAction } from "./automation-form.ts";

export const ACTION_ICONS: Record<AutomationActionKind, ReactNode> = {
  create_task: <CheckSquareOutlined />,
  notify: <BellOutlined />,
  send_email: <MailOutlined />,
  update_fields: <EditOutlined />,
  create_record: <FileAddOutlined />,
  assign_owner: <UserSwitchOutlined />,
  wait: <HourglassOutlined />,
  webhook: <ApiOutlined />,
  script: <CodeOutlined />,
};
const KINDS = Object.keys(ACTION_ICONS) as AutomationActionKind[];
// Past this line the actions reach other systems or need a programmer: offered after a divider.
const ADVANCED = new Set<AutomationActionKind>(["webhook", "script"]);

/** The kinds an action can be, each with what it is for; picking one appends a card of that kind. */
function AddActionButton({ onAdd }: { onAdd: (kind: AutomationActionKind) => void }) {
  const { t } = useTranslation();
  const item = (kind: AutomationActionKind) => ({
    key: kind,
    icon: ACTION_ICONS[kind],
    label: (
      <Flex vertical data-testid={`add-action-${kind}`}>
        <span>{t(`automationActions.kinds.${kind}`)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`automationActions.help.${kind}`)}
        </Typography.Text>
      </Flex>
    ),
  });
  const items = [
    ...KINDS.filter((kind) => !ADVANCED.has(kind)).map(item),
    { type: "divider" as const },
    ...KINDS.filter((kind) => ADVANCED.has(kind)).map(item),
  ];
  return (
    <Dropdown menu={{ items, onClick: ({ key }) => onAdd(key as AutomationActionKind) }} trigger={["click"]}>
      <Button type="dashed" icon={<PlusOutlined />} block data-testid="action-add">
        {t("automationActions.action.add")}
      </Button>
    </Dropdown>
  );
}

/**
 * The actions in the order they run, one card each with its settings; cards move up and down and are removed
 * from their header, and new ones are added at the end.
 */
export function ActionList({ object, objects }: { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.List name="actions">
      {(items, { add, remove, move }) => (
        <Flex vertical gap={12}>
          {items.map((item, position) => {
            const kind = form.getFieldValue(["actions", item.name, "kind"]) as AutomationActionKind;
            return (
              <Card
                key={item.key}
                size="small"
                data-testid={`action-card-${position}`}
                title={
                  <Flex gap={8} align="center">
                    {ACTION_ICONS[kind]}
                    <span>
                      {t("automationActions.action.step", { n: position + 1 })} ·{" "}
                      {t(`automationActions.kinds.${kind}`)}
                    </span>
                  </Flex>
                }
                extra={
                  <Flex gap={0}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={t("automationActions.action.moveUp")}
                      disabled={position === 0}
                      onClick={() => move(position, position - 1)}
                    />
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={t("automationActions.action.moveDown")}
                      disabled={position === items.length - 1}
                      onClick={() => move(position, position + 1)}
                    />
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t("automationActions.action.remove")}
                      onClick={() => remove(item.name)}
                      data-testid={`action-remove-${position}`}
                    />
                  </Flex>
                }
              >
                <ActionSettings kind={kind} index={item.name} object={object} objects={objects} />
              </Card>
            );
          })}
          <AddActionButton onAdd={(kind) => add(defaultAction(kind))} />
        </Flex>
      )}
    </Form.List>
  );
}
