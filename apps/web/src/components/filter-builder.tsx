import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { FilterOperator } from "@keduo/core";
import { Button, Empty, Flex, Segmented, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import {
  defaultOperator,
  type FilterCondition,
  type FilterState,
  isComplete,
  valueKind,
} from "../lib/filter-model.ts";
import { holdsMany, operatorsFor } from "../lib/metadata.ts";
import { FilterValueInput } from "./filter-value-input.tsx";

/** Operator words depend on the field: "before" for dates, "has all of" for multi selects. */
function useOperatorLabel() {
  const { t } = useTranslation();
  return (field: FieldMeta, operator: FilterOperator): string => {
    if (holdsMany(field)) {
      if (operator === "contains" || operator === "in" || operator === "nin")
        return t(`operatorsMulti.${operator}`);
    }
    if (field.type === "date" || field.type === "datetime") {
      if (operator === "lt" || operator === "lte" || operator === "gt" || operator === "gte")
        return t(`operatorsDate.${operator}`);
    }
    return t(`operators.${operator}`);
  };
}

/**
 * Builds the API filter JSON from rows of field → operator → value. Only operators the server accepts for
 * the field's type are offered, and the value input follows the operator. Changes apply with "Apply".
 */
export function FilterBuilder({
  fields,
  value,
  onApply,
  compact,
  live,
}: {
  fields: FieldMeta[];
  value: FilterState;
  onApply: (state: FilterState) => void;
  /** Phone: one condition per block, full width. */
  compact?: boolean;
  /** Inside a form: every change goes to `onApply` at once, with no Apply and Clear buttons of its own. */
  live?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const operatorLabel = useOperatorLabel();
  const [draft, setDraft] = useState<FilterState>(value);
  const [showIncomplete, setShowIncomplete] = useState(false);
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const filterable = fields.filter((f) => operatorsFor(f).length > 0);

  const change = (next: FilterState) => {
    setDraft(next);
    if (live) onApply(next);
  };
  const update = (index: number, change_: Partial<FilterCondition>) =>
    change({
      ...draft,
      conditions: draft.conditions.map((c, i) => (i === index ? { ...c, ...change_ } : c)),
    });
  const add = () => {
    const field = filterable[0];
    if (!field) return;
    change({
      ...draft,
      conditions: [...draft.conditions, { field: field.api_name, operator: defaultOperator(field) }],
    });
  };
  const remove = (index: number) =>
    change({ ...draft, conditions: draft.conditions.filter((_, i) => i !== index) });
  const apply = () => {
    const incomplete = draft.conditions.some((c) => !isComplete(c, byName.get(c.field)));
    if (incomplete) {
      setShowIncomplete(true);
      return;
    }
    setShowIncomplete(false);
    onApply(draft);
  };

  return (
    <div data-testid="filter-builder">
      {live && draft.conditions.length < 2 ? null : (
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Segmented<"and" | "or">
            value={draft.match}
            onChange={(match) => change({ ...draft, match })}
            options={[
              { value: "and", label: t("filter.matchAll") },
              { value: "or", label: t("filter.matchAny") },
            ]}
          />
        </Flex>
      )}
      {draft.conditions.length === 0 && !live ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("filter.noConditions")} />
      ) : null}
      <Flex vertical gap={compact ? 16 : 8}>
        {draft.conditions.map((condition, index) => {
          const field = byName.get(condition.field);
          const kind = field ? valueKind(field, condition.operator) : "none";
          const incomplete = showIncomplete && !isComplete(condition, field);
          return (
            <Flex
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity beyond their position
              key={index}
              gap={8}
              wrap={compact}
              align="center"
              data-testid="filter-condition"
              style={compact ? { paddingBottom: 12, borderBottom: "1px solid #f0f0f0" } : undefined}
            >
              <Select
                aria-label={t("filter.field")}
                style={{ width: compact ? "calc(100% - 40px)" : 180, flexShrink: 0 }}
                value={condition.field}
                showSearch={{ optionFilterProp: "label" }}
                options={filterable.map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }))}
                onChange={(name) => {
                  const next = byName.get(name);
                  if (next) update(index, { field: name, operator: defaultOperator(next), value: undefined });
                }}
                data-testid="filter-field"
              />
              {compact ? (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("common.remove")}
                  onClick={() => remove(index)}
                />
              ) : null}
              <Select
                aria-label={t("filter.operator")}
                style={{ width: compact ? "100%" : 150, flexShrink: 0 }}
                value={condition.operator}
                options={(field ? operatorsFor(field) : []).map((op) => ({
                  value: op,
                  label: field ? operatorLabel(field, op) : op,
                }))}
                onChange={(operator) => {
                  const sameKind = field && valueKind(field, operator) === kind;
                  update(index, { operator, ...(sameKind ? {} : { value: undefined }) });
                }}
                data-testid="filter-operator"
              />
              <div style={{ flex: 1, minWidth: compact ? "100%" : 200 }}>
                {field ? (
                  <FilterValueInput
                    field={field}
                    kind={kind}
                    value={condition.value}
                    onChange={(next) => update(index, { value: next })}
                  />
                ) : null}
                {incomplete ? (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {t("filter.incomplete")}
                  </Typography.Text>
                ) : null}
              </div>
              {compact ? null : (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("common.remove")}
                  onClick={() => remove(index)}
                />
              )}
            </Flex>
          );
        })}
      </Flex>
      <Flex justify="space-between" wrap gap={8} style={{ marginTop: live ? 8 : 16 }}>
        <Button icon={<PlusOutlined />} onClick={add} type="dashed" data-testid="filter-add">
          {t("filter.addCondition")}
        </Button>
        {live ? null : (
          <Flex gap={8}>
            <Button
              onClick={() => {
                setDraft({ match: "and", conditions: [] });
                onApply({ match: "and", conditions: [] });
              }}
            >
              {t("filter.clearAll")}
            </Button>
            <Button type="primary" onClick={apply} data-testid="filter-apply">
              {t("common.apply")}
            </Button>
          </Flex>
        )}
      </Flex>
    </div>
  );
}
