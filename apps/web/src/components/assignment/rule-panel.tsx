import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from "@ant-design/icons";
import {
  Button,
  Checkbox,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  Tag,
  Typography,
} from "antd";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useRoles } from "../../api/users.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { DepartmentSelect } from "../department-select.tsx";
import { FormulaInput } from "../formula-input.tsx";
import { UserSelect } from "../user-select.tsx";
import { ConditionsInput } from "./conditions-input.tsx";
import type { RuleFormValues } from "./rule-form.ts";

/** A rule's header in the list: its number and name, whether it is on, and the order buttons. */
export function RuleHeader(props: {
  index: number;
  rule: Partial<RuleFormValues> | undefined;
  first: boolean;
  last: boolean;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { rule } = props;
  const stop = (action: () => void) => (event: React.MouseEvent) => {
    event.stopPropagation();
    action();
  };
  const name = label(rule?.labels) || t("assignment.untitled");
  return (
    <Flex justify="space-between" align="center" gap={8} wrap data-testid={`rule-header-${props.index}`}>
      <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
        <Typography.Text strong>
          {t("assignment.rule", { n: props.index + 1 })} · {name}
        </Typography.Text>
        {rule?.enabled === false ? <Tag>{t("assignment.off")}</Tag> : null}
        {rule?.strategy ? (
          <Typography.Text type="secondary">{t(`assignment.strategies.${rule.strategy}`)}</Typography.Text>
        ) : null}
      </Flex>
      <Flex gap={4}>
        <Button
          size="small"
          icon={<ArrowUpOutlined />}
          aria-label={t("assignment.moveUp")}
          disabled={props.first}
          onClick={stop(() => props.onMove(-1))}
          data-testid={`rule-up-${props.index}`}
        />
        <Button
          size="small"
          icon={<ArrowDownOutlined />}
          aria-label={t("assignment.moveDown")}
          disabled={props.last}
          onClick={stop(() => props.onMove(1))}
          data-testid={`rule-down-${props.index}`}
        />
        <Button
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t("assignment.remove")}
          onClick={stop(props.onRemove)}
          data-testid={`rule-remove-${props.index}`}
        />
      </Flex>
    </Flex>
  );
}

/** Who a rule hands records to: named people (searched by name or pinyin), a role's or a department's members. */
function PoolSettings({ index }: { index: number }) {
  const { t } = useTranslation();
  const label = useLabel();
  const roles = useRoles();
  const kind = Form.useWatch(["rules", index, "pool", "kind"]) as RuleFormValues["pool"]["kind"] | undefined;
  return (
    <>
      <Form.Item name={[index, "pool", "kind"]} label={t("assignment.pool")}>
        <Radio.Group
          optionType="button"
          options={(["users", "role", "department"] as const).map((value) => ({
            value,
            label: t(`assignment.poolKinds.${value}`),
          }))}
          data-testid={`rule-pool-kind-${index}`}
        />
      </Form.Item>
      {kind === "role" ? (
        <Form.Item name={[index, "pool", "role"]} label={t("assignment.role")}>
          <Select
            options={(roles.data ?? []).map((r) => ({
              value: r.api_name,
              label: label(r.labels) || r.api_name,
            }))}
            showSearch={{ optionFilterProp: "label" }}
            data-testid={`rule-role-${index}`}
          />
        </Form.Item>
      ) : kind === "department" ? (
        <Flex gap={12} wrap align="flex-end">
          <Form.Item
            name={[index, "pool", "department"]}
            label={t("assignment.department")}
            style={{ flex: 1, minWidth: 220 }}
          >
            <DepartmentSelect />
          </Form.Item>
          <Form.Item name={[index, "pool", "include_children"]} valuePropName="checked">
            <Checkbox>{t("assignment.includeChildren")}</Checkbox>
          </Form.Item>
        </Flex>
      ) : (
        <Form.List name={[index, "pool", "users"]}>
          {(people, { add, remove }, { errors }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }} data-testid={`rule-users-${index}`}>
              {people.map((person) => (
                <Flex key={person.key} gap={8} align="flex-start">
                  <Form.Item name={person.name} style={{ flex: 1, marginBottom: 0, minWidth: 0 }}>
                    <UserSelect />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t("assignment.removeUser")}
                    onClick={() => remove(person.name)}
                  />
                </Flex>
              ))}
              {/* The server's problems about the list itself ("pick someone") land on the list. */}
              <Form.Item style={{ marginBottom: 0 }}>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add(null)}
                  data-testid={`rule-add-user-${index}`}
                >
                  {t("assignment.addUser")}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </Flex>
          )}
        </Form.List>
      )}
    </>
  );
}

/** One rule's settings, in the rules form under `rules.<index>`: which records, who gets them, how. */
export function RuleSettings({ index, object }: { index: number; object: ObjectMeta }) {
  const { t } = useTranslation();
  const strategy = Form.useWatch(["rules", index, "strategy"]) as RuleFormValues["strategy"] | undefined;
  const fields = object.fields.filter((f) => !f.hidden);
  const section = (key: "match" | "target" | "balance") => (
    <Divider titlePlacement="start" plain style={{ marginTop: 4 }}>
      <Typography.Text strong>{t(`assignment.sections.${key}`)}</Typography.Text>
    </Divider>
  );
  return (
    <Flex vertical data-testid={`rule-settings-${index}`}>
      <Form.Item name={[index, "api_name"]} hidden>
        <Input />
      </Form.Item>
      <Flex gap={12} wrap align="flex-end">
        <Form.Item
          name={[index, "labels", "zh-CN"]}
          label={t("assignment.nameZh")}
          style={{ flex: 1, minWidth: 180 }}
        >
          <Input data-testid={`rule-name-zh-${index}`} />
        </Form.Item>
        <Form.Item
          name={[index, "labels", "en"]}
          label={t("assignment.nameEn")}
          style={{ flex: 1, minWidth: 180 }}
        >
          <Input data-testid={`rule-name-en-${index}`} />
        </Form.Item>
        <Form.Item name={[index, "enabled"]} label={t("assignment.enabled")} valuePropName="checked">
          <Switch data-testid={`rule-enabled-${index}`} />
        </Form.Item>
      </Flex>
      {section("match")}
      <Form.Item
        name={[index, "criteria_filter"]}
        label={t("assignment.criteria")}
        extra={t("assignment.criteriaHelp")}
      >
        <ConditionsInput fields={fields} />
      </Form.Item>
      <Form.Item
        name={[index, "criteria"]}
        label={t("assignment.formula")}
        extra={t("assignment.formulaHelp")}
      >
        <FormulaInput
          object={object.api_name}
          expect="boolean"
          placeholder={t("assignment.formulaPlaceholder")}
          testId={`rule-criteria-${index}`}
        />
      </Form.Item>
      {section("target")}
      <PoolSettings index={index} />
      {section("balance")}
      <Form.Item
        name={[index, "strategy"]}
        label={t("assignment.strategy")}
        extra={strategy ? t(`assignment.strategyHelp.${strategy}`) : undefined}
      >
        <Radio.Group
          options={(["least_loaded", "round_robin"] as const).map((value) => ({
            value,
            label: t(`assignment.strategies.${value}`),
          }))}
          data-testid={`rule-strategy-${index}`}
        />
      </Form.Item>
      <Form.Item
        name={[index, "open_filter"]}
        label={t("assignment.openFilter")}
        extra={t("assignment.openHelp")}
      >
        <ConditionsInput fields={fields} />
      </Form.Item>
      <Form.Item name={[index, "open_condition"]} label={t("assignment.openFormula")}>
        <FormulaInput object={object.api_name} expect="boolean" testId={`rule-open-${index}`} />
      </Form.Item>
      <Form.Item
        name={[index, "capacity"]}
        label={t("assignment.capacity")}
        extra={t("assignment.capacityHelp")}
      >
        <InputNumber
          min={1}
          max={1_000_000}
          precision={0}
          suffix={t("assignment.capacitySuffix")}
          style={{ width: 160 }}
          data-testid={`rule-capacity-${index}`}
        />
      </Form.Item>
    </Flex>
  );
}
