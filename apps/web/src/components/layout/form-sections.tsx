import { Row, Skeleton, Typography } from "antd";
import type { ReactNode } from "react";
import { type LayoutItem, resolveSections, useLayout } from "../../api/layouts.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

/** The grid span (of 24) of a field in a section of `columns` columns; one column at phone width. */
export function sectionSpan(columns: number, isPhone: boolean): number {
  return isPhone ? 24 : 24 / Math.min(3, Math.max(1, columns));
}

export function SectionTitle({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Typography.Title
      level={5}
      style={{ margin: "4px 0 12px", paddingBottom: 6, borderBottom: "1px solid #f0f0f0" }}
      data-testid={testId}
    >
      {children}
    </Typography.Title>
  );
}

/**
 * The create/edit form's fields grouped into the object's layout: a titled block per section, its fields in
 * the section's columns (one at phone width), its sub-forms after them. The form renders each field and
 * sub-form; this only arranges them.
 */
export function FormSections({
  object,
  record,
  fields,
  renderField,
  renderSubform,
}: {
  object: ObjectMeta;
  record?: RecordData | undefined;
  fields: FieldMeta[];
  renderField: (field: FieldMeta, span: number) => ReactNode;
  renderSubform: (item: Extract<LayoutItem, { kind: "subform" }>) => ReactNode;
}) {
  const label = useLabel();
  const isPhone = useIsPhone();
  const layout = useLayout(object.api_name);
  if (layout.isLoading) return <Skeleton active />;
  // An existing record's keys are exactly the fields its reader sees, so newer fields can join the layout.
  const shown = record ? fields.filter((f) => f.api_name in record) : fields;
  const sections = resolveSections(layout.data, shown, { appendUnplaced: Boolean(record) || !layout.data });
  const titled = sections.length > 1;
  return sections
    .filter((s) => s.fields.length > 0 || s.subforms.length > 0)
    .map(({ section, fields: sectionFields, subforms }) => (
      <div key={section.id} data-testid={`form-section-${section.id}`}>
        {titled && label(section.label) ? <SectionTitle>{label(section.label)}</SectionTitle> : null}
        <Row gutter={16}>
          {sectionFields.map((field) => renderField(field, sectionSpan(section.columns, isPhone)))}
        </Row>
        {subforms.map(renderSubform)}
      </div>
    ));
}
