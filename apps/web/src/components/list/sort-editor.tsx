import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import type { SortKey } from "../../lib/filter-model.ts";

export const MAX_SORT_KEYS = 5;

/** Multi-column sort: an ordered list of (field, direction); the first key sorts first. */
export function SortEditor({
  fields,
  value,
  onApply,
}: {
  fields: FieldMeta[];
  value: SortKey[];
  onApply: (keys: SortKey[]) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [keys, setKeys] = useState(value);
  const options = (current: string) =>
    fields
      .filter((f) => f.api_name === current || !keys.some((k) => k.field === f.api_name))
      .map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }));
  const update = (index: number, change: Partial<SortKey>) =>
    setKeys(keys.map((k, i) => (i === index ? { ...k, ...change } : k)));
  const unused = fields.find((f) => !keys.some((k) => k.field === f.api_name));

  return (
    <div style={{ width: 320, maxWidth: "100%" }} data-testid="sort-editor">
      {keys.length === 0 ? <Typography.Text type="secondary">{t("views.sort.none")}</Typography.Text> : null}
      <Flex vertical gap={6}>
        {keys.map((key, index) => (
          <Flex key={key.field} gap={4} align="center" data-testid={`sort-key-${index}`}>
            <Select
              aria-label={t("views.sort.field")}
              value={key.field}
              options={options(key.field)}
              onChange={(field: string) => update(index, { field })}
              style={{ flex: 1, minWidth: 0 }}
              showSearch={{ optionFilterProp: "label" }}
              data-testid={`sort-field-${index}`}
            />
            <Select
              value={key.direction}
              options={[
                { value: "asc", label: t("views.sort.asc") },
                { value: "desc", label: t("views.sort.desc") },
              ]}
              onChange={(direction: "asc" | "desc") => update(index, { direction })}
              style={{ width: 96 }}
              data-testid={`sort-direction-${index}`}
            />
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t("views.sort.remove")}
              onClick={() => setKeys(keys.filter((_, i) => i !== index))}
            />
          </Flex>
        ))}
      </Flex>
      <Flex justify="space-between" style={{ marginTop: 8 }}>
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={!unused || keys.length >= MAX_SORT_KEYS}
          title={keys.length >= MAX_SORT_KEYS ? t("views.sort.max", { max: MAX_SORT_KEYS }) : undefined}
          onClick={() => unused && setKeys([...keys, { field: unused.api_name, direction: "asc" }])}
          data-testid="sort-add"
        >
          {t("views.sort.add")}
        </Button>
        <Button type="primary" size="small" onClick={() => onApply(keys)} data-testid="sort-apply">
          {t("views.sort.apply")}
        </Button>
      </Flex>
    </div>
  );
}
