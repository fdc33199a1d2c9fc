import { Card, Checkbox, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { displayFieldOf, recordTitle } from "../../lib/metadata.ts";
import { FieldValue, type ValueContext } from "../field-value.tsx";

/** A phone list item: the record's title and the view's first few columns. */
export function RecordCard({
  object,
  fields,
  record,
  context,
  selected,
  selectable,
  onSelect,
  onOpen,
}: {
  object: ObjectMeta;
  fields: FieldMeta[];
  record: RecordData;
  context: ValueContext;
  selected: boolean;
  /** Whether the bulk actions may take this record (the user may edit it). */
  selectable: boolean;
  onSelect: (selected: boolean) => void;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const display = displayFieldOf(object);
  const rest = fields.filter((f) => f.api_name !== display?.api_name).slice(0, 4);
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid="record-card">
      <Flex align="flex-start" gap={8}>
        <Typography.Text strong style={{ fontSize: 15, flex: 1, minWidth: 0 }}>
          <Link to={`/o/${object.api_name}/${record.id}`} onClick={(e) => e.stopPropagation()}>
            {recordTitle(object, record)}
          </Link>
        </Typography.Text>
        {/* The box's surroundings take the tap too, so a near miss does not open the record. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: only stops the card's click */}
        <span
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          style={{ padding: 2 }}
        >
          <Checkbox
            checked={selected}
            disabled={!selectable}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={selectable ? t("views.bulk.selectRow") : t("views.bulk.rowReadOnly")}
            data-testid="card-select"
          />
        </span>
      </Flex>
      <div style={{ marginTop: 6, display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 12px" }}>
        {rest.map((field) => (
          <div key={field.api_name} style={{ display: "contents" }}>
            <Typography.Text type="secondary">{label(field.labels)}</Typography.Text>
            <span style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" }}>
              <FieldValue field={field} value={record[field.api_name]} context={context} compact />
            </span>
          </div>
        ))}
      </div>
    </Card>
  );
}
