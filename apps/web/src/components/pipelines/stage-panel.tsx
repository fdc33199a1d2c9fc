import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from "@ant-design/icons";
import type { StageDefinition } from "@keduo/core";
import { Button, Flex, Form, Input, InputNumber, Select, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { GateConditions } from "./gate-conditions.tsx";

/** Fields a stage may require: stored values that are empty when the field is (the server checks the same). */
export const requireable = (field: FieldMeta) =>
  !field.hidden &&
  !["formula", "auto_number", "address"].includes(field.type) &&
  !(field.type === "relation" && field.config.relation?.cardinality === "many_to_many");

const KIND_COLORS = { open: "blue", won: "green", lost: "red" } as const;

/** The header of a stage: its option's name, kind and probability, and the order buttons. */
export function StageHeader(props: {
  stage: Partial<Pick<StageDefinition, "value" | "kind" | "probability">>;
  name: string;
  first: boolean;
  last: boolean;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const { stage } = props;
  const stop = (action: () => void) => (event: React.MouseEvent) => {
    event.stopPropagation();
    action();
  };
  return (
    <Flex justify="space-between" align="center" gap={8} wrap data-testid={`stage-${stage.value}`}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{props.name}</Typography.Text>
        <Tag color={KIND_COLORS[stage.kind ?? "open"]}>{t(`pipelines.kinds.${stage.kind ?? "open"}`)}</Tag>
        {stage.probability !== null && stage.probability !== undefined && (
          <Typography.Text type="secondary">{stage.probability}%</Typography.Text>
        )}
      </Flex>
      <Flex gap={4}>
        <Button
          size="small"
          icon={<ArrowUpOutlined />}
          aria-label={t("pipelines.moveUp")}
          disabled={props.first}
          onClick={stop(() => props.onMove(-1))}
        />
        <Button
          size="small"
          icon={<ArrowDownOutlined />}
          aria-label={t("pipelines.moveDown")}
          disabled={props.last}
          onClick={stop(() => props.onMove(1))}
        />
        <Button
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t("pipelines.remove")}
          onClick={stop(props.onRemove)}
        />
      </Flex>
    </Flex>
  );
}

/** One stage's settings, in the pipeline form under `stages.<index>`. */
export function StageSettings(props: {
  object: string;
  index: number;
  fields: FieldMeta[];
  roles: Array<{ api_name: string; labels: { "zh-CN": string; en: string } }>;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { index } = props;
  const fieldOptions = props.fields
    .filter(requireable)
    .map((f) => ({ value: f.api_name, label: label(f.labels) }));
  const owners = [
    { value: "", label: t("pipelines.ownerNone") },
    ...props.roles.map((r) => ({
      value: `role:${r.api_name}`,
      label: t("pipelines.ownerRole", { name: label(r.labels) }),
    })),
    ...props.fields
      .filter((f) => f.type === "user" && !f.hidden)
      .map((f) => ({
        value: `field:${f.api_name}`,
        label: t("pipelines.ownerField", { name: label(f.labels) }),
      })),
  ];
  return (
    <Flex vertical gap={4}>
      <Form.Item name={[index, "value"]} hidden>
        <Input />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name={[index, "kind"]} label={t("pipelines.kind")} style={{ minWidth: 140 }}>
          <Select
            options={(["open", "won", "lost"] as const).map((kind) => ({
              value: kind,
              label: t(`pipelines.kinds.${kind}`),
            }))}
            data-testid="stage-kind"
          />
        </Form.Item>
        <Form.Item name={[index, "probability"]} label={t("pipelines.probability")}>
          <InputNumber min={0} max={100} data-testid="stage-probability" />
        </Form.Item>
        <Form.Item
          name={[index, "rotting_days"]}
          label={t("pipelines.rotting")}
          tooltip={t("pipelines.rottingHelp")}
        >
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name={[index, "owner"]} label={t("pipelines.owner")} style={{ minWidth: 200 }}>
          <Select options={owners} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          name={[index, "required_fields"]}
          label={t("pipelines.requiredFields")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Select
            mode="multiple"
            options={fieldOptions}
            optionFilterProp="label"
            data-testid="stage-required"
          />
        </Form.Item>
        <Form.Item
          name={[index, "deliverables"]}
          label={t("pipelines.deliverables")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Select
            mode="multiple"
            options={fieldOptions}
            optionFilterProp="label"
            data-testid="stage-deliverables"
          />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          name={[index, "guidance", "zh-CN"]}
          label={t("pipelines.guidanceZh")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item
          name={[index, "guidance", "en"]}
          label={t("pipelines.guidanceEn")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <div style={{ flex: 1, minWidth: 260 }}>
          <GateConditions
            object={props.object}
            name={[index, "entry_conditions"]}
            label={t("pipelines.entry")}
          />
        </div>
        <div style={{ flex: 1, minWidth: 260 }}>
          <GateConditions
            object={props.object}
            name={[index, "exit_conditions"]}
            label={t("pipelines.exit")}
          />
        </div>
      </Flex>
    </Flex>
  );
}
