import { Flex, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useObjects } from "../../api/metadata.queries.ts";
import { useLabel } from "../../i18n/index.ts";

// Fields a related record can be found by from a cell's text: names and codes.
const LOOKUP_TYPES = new Set(["text", "email", "phone", "auto_number"]);

/**
 * For a column mapped to a relation: which field of the related object the cell's text names (its display
 * field unless the user picks another, e.g. a customer code).
 */
export function LookupSelect(props: {
  object: string;
  field: string;
  value: string | undefined;
  onChange: (lookup: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const objects = useObjects().data?.objects ?? [];
  const source = objects.find((o) => o.api_name === props.object);
  const relation = source?.fields.find((f) => f.api_name === props.field)?.config.relation;
  const target = relation ? objects.find((o) => o.api_name === relation.target) : undefined;
  if (!target) return null;
  const options = target.fields
    .filter((f) => !f.hidden && LOOKUP_TYPES.has(f.type))
    .map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }));
  if (options.length < 2) return null;
  return (
    <Flex gap={4} align="center">
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
        {t("imports.mapping.lookup")}
      </Typography.Text>
      <Select
        size="small"
        value={props.value ?? target.display_field ?? undefined}
        onChange={(lookup: string) => props.onChange(lookup === target.display_field ? undefined : lookup)}
        options={options}
        style={{ flex: 1, minWidth: 0 }}
        data-testid={props.testId}
      />
    </Flex>
  );
}
