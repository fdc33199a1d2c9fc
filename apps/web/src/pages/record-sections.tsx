import { Card, Descriptions, Flex } from "antd";
import { useTranslation } from "react-i18next";
import { type FormLayout, type LayoutItem, resolveSections } from "../api/layouts.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData, RelatedListMeta } from "../api/types.ts";
import type { ValueContext } from "../components/field-value.tsx";
import { InlineField } from "../components/inline-field.tsx";
import { useLabel } from "../i18n/index.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { RelatedList } from "./record-related-list.tsx";

const WIDE_TYPES = new Set(["long_text", "rich_text", "address", "attachment"]);

/** The related list a layout's sub-form item stands for on the record page. */
export function relatedListFor(
  object: ObjectMeta,
  item: Extract<LayoutItem, { kind: "subform" }>,
): RelatedListMeta | undefined {
  return object.related_lists.find(
    (l) =>
      l.cardinality === "one_to_many" && l.source_object === item.object && l.source_field === item.field,
  );
}

/**
 * A record's fields grouped by the object's layout: one card per section, its fields in the section's
 * columns (one column at phone width) and editable in place, its sub-forms as lists of the child records.
 */
export function RecordSections({
  object,
  objects,
  fields,
  layout,
  record,
  context,
  onChanged,
  readOnly,
}: {
  object: ObjectMeta;
  objects: ObjectMeta[];
  fields: FieldMeta[];
  layout: FormLayout | undefined;
  record: RecordData;
  context: ValueContext;
  onChanged: () => void;
  /** The reader may not edit the record: no editor is offered in place. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  // The record's keys are exactly the fields this reader sees.
  const shown = fields.filter((f) => f.api_name in record);
  const sections = resolveSections(layout, shown, { appendUnplaced: true }).filter(
    (s) => s.fields.length > 0 || s.subforms.length > 0,
  );
  return (
    <Flex vertical gap={16}>
      {sections.map(({ section, fields: sectionFields, subforms }) => {
        const columns = isPhone ? 1 : section.columns;
        return (
          <Card
            key={section.id}
            size="small"
            title={label(section.label) || t("record.details")}
            data-testid={`record-section-${section.id}`}
          >
            {sectionFields.length ? (
              <Descriptions
                column={columns}
                size="small"
                bordered={!isPhone}
                layout={isPhone ? "vertical" : "horizontal"}
                // One label width for every section, so the values line up from card to card.
                styles={isPhone ? undefined : { label: { width: columns === 1 ? 200 : 140 } }}
                items={sectionFields.map((field) => ({
                  key: field.api_name,
                  label: label(field.labels) || field.api_name,
                  span: WIDE_TYPES.has(field.type) ? columns : 1,
                  children: (
                    <InlineField
                      object={object}
                      field={field}
                      record={record}
                      context={context}
                      onSaved={onChanged}
                      onConflict={onChanged}
                      readOnly={readOnly}
                    />
                  ),
                }))}
              />
            ) : null}
            {subforms.map((item) => {
              const list = relatedListFor(object, item);
              return list ? (
                <RelatedList
                  key={list.api_name}
                  inner
                  list={list}
                  records={(record[list.api_name] as RecordData[] | undefined) ?? []}
                  parentId={record.id}
                  objects={objects}
                  context={context}
                />
              ) : null;
            })}
          </Card>
        );
      })}
    </Flex>
  );
}
