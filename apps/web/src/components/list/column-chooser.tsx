import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  MinusCircleOutlined,
  PlusCircleOutlined,
} from "@ant-design/icons";
import { Button, Divider, Flex, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";

/** Picks the list's columns and their order; applying saves them into the current view when it may. */
export function ColumnChooser({
  fields,
  value,
  onApply,
}: {
  fields: FieldMeta[];
  value: string[];
  onApply: (names: string[]) => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [shown, setShown] = useState(value);
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const name = (apiName: string) => label(byName.get(apiName)?.labels) || apiName;
  const available = fields.filter((f) => !shown.includes(f.api_name));
  const move = (index: number, by: -1 | 1) => {
    const next = [...shown];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setShown(next);
  };

  return (
    <div style={{ width: 280 }} data-testid="column-chooser">
      <Typography.Text type="secondary">{t("views.columns.shown")}</Typography.Text>
      <Flex vertical gap={2} style={{ maxHeight: 260, overflowY: "auto", marginTop: 4 }}>
        {shown.map((apiName, index) => (
          <Flex key={apiName} align="center" gap={4} data-testid={`column-shown-${apiName}`}>
            <span style={{ flex: 1, minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" }}>
              {name(apiName)}
            </span>
            <Button
              size="small"
              type="text"
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              onClick={() => move(index, -1)}
              aria-label={t("views.columns.moveUp", { field: name(apiName) })}
            />
            <Button
              size="small"
              type="text"
              icon={<ArrowDownOutlined />}
              disabled={index === shown.length - 1}
              onClick={() => move(index, 1)}
              aria-label={t("views.columns.moveDown", { field: name(apiName) })}
            />
            <Button
              size="small"
              type="text"
              icon={<MinusCircleOutlined />}
              disabled={shown.length === 1}
              onClick={() => setShown(shown.filter((n) => n !== apiName))}
              aria-label={t("views.columns.remove", { field: name(apiName) })}
              data-testid={`column-remove-${apiName}`}
            />
          </Flex>
        ))}
      </Flex>
      {available.length ? (
        <>
          <Divider style={{ margin: "8px 0" }} />
          <Typography.Text type="secondary">{t("views.columns.available")}</Typography.Text>
          <Flex vertical gap={2} style={{ maxHeight: 180, overflowY: "auto", marginTop: 4 }}>
            {available.map((field) => (
              <Button
                key={field.api_name}
                type="text"
                size="small"
                icon={<PlusCircleOutlined />}
                style={{ justifyContent: "flex-start" }}
                onClick={() => setShown([...shown, field.api_name])}
                aria-label={t("views.columns.add", { field: name(field.api_name) })}
                data-testid={`column-add-${field.api_name}`}
              >
                {name(field.api_name)}
              </Button>
            ))}
          </Flex>
        </>
      ) : null}
      <Flex justify="flex-end" style={{ marginTop: 8 }}>
        <Button type="primary" size="small" onClick={() => onApply(shown)} data-testid="columns-apply">
          {t("views.columns.apply")}
        </Button>
      </Flex>
    </div>
  );
}
