import { Alert, App, Button, Col, Flex, Form, Typography } from "antd";
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem, ProblemError } from "../api/problem.ts";
import { createRecord, getRecord, updateRecord } from "../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { visibleFields } from "../lib/metadata.ts";
import { createPayload, recordToFormValues, updatePayload } from "../lib/record-values.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { problemMessage } from "./error-result.tsx";
import { FieldInput } from "./field-input.tsx";
import { FormSections } from "./layout/form-sections.tsx";
import { LeaveModal, useLeaveGuard } from "./leave-guard.tsx";
import { SubformTable } from "./subform-table.tsx";
import { useSubforms } from "./use-subforms.ts";

const WIDE_TYPES = new Set(["long_text", "rich_text", "address", "attachment"]);

/** Problems whose field is one of the form's inputs go under it; the rest are listed above the form. */
export function splitFieldProblems(problem: ProblemError, fieldNames: Set<string>) {
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const issue of problem.errors) {
    const name = issue.field.split(".")[0] ?? "";
    if (fieldNames.has(name)) byField.set(name, [...(byField.get(name) ?? []), issue.message]);
    else general.push(issue.field ? `${issue.field}: ${issue.message}` : issue.message);
  }
  return { byField, general };
}

interface SaveError {
  kind: "conflict" | "fields" | "other";
  message: string;
  details: string[];
  yours?: number;
  current?: number;
}

/**
 * The create/edit form, generated from the object's fields. The server is the judge of validity: its
 * field messages (in the UI language) appear under the fields, and nothing typed is lost on any error.
 */
export function RecordForm({
  object,
  record,
  prefill,
  onSaved,
  onCancel,
}: {
  object: ObjectMeta;
  record?: RecordData;
  prefill?: Record<string, unknown>;
  onSaved: (record: RecordData) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  // Sub-forms placed by the layout (rows saved with the record in one request) and live formulas.
  const subforms = useSubforms({ object, record, form });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<SaveError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const { setDirty, isDirty, blocker } = useLeaveGuard();

  const fields = useMemo(
    () => visibleFields(object).filter((f) => record || f.type !== "auto_number"),
    [object, record],
  );
  const fieldNames = useMemo(() => new Set(fields.map((f) => f.api_name)), [fields]);
  // The version and values the user started from; a conflict reload moves both forward.
  const [base, setBase] = useState(() => ({
    version: record?.version ?? 0,
    values: record ? recordToFormValues(fields, record) : {},
  }));
  // Read once by the form; later changes (a conflict reload) go through setFieldsValue.
  const [initialValues] = useState(() => {
    if (record) return base.values;
    const defaults = Object.fromEntries(
      fields.filter((f) => f.default !== null && f.default !== undefined).map((f) => [f.api_name, f.default]),
    );
    return { ...defaults, ...prefill };
  });

  const showError = (next: SaveError) => {
    setError(next);
    requestAnimationFrame(() => errorRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
  };

  const save = async () => {
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    setSaving(true);
    setError(null);
    form.setFields(fields.map((f) => ({ name: f.api_name, errors: [] })));
    subforms.clearProblems();
    try {
      const saved = subforms.active
        ? await subforms.save(
            record ? updatePayload(fields, values, base.values) : createPayload(fields, values),
            base.version,
          )
        : record
          ? await updateRecord(
              object.api_name,
              record.id,
              base.version,
              updatePayload(fields, values, base.values),
            )
          : await createRecord(object.api_name, createPayload(fields, values));
      message.success(record ? t("common.saved") : t("common.created"));
      setDirty(false);
      onSaved(saved);
    } catch (caught) {
      const rowConflict = subforms.rowConflict(caught);
      if (rowConflict) {
        showError({ kind: "other", message: problemMessage(caught, t), details: [rowConflict] });
      } else if (isProblem(caught) && caught.code === "RECORD_VERSION_CONFLICT") {
        showError({
          kind: "conflict",
          message: t("errors.conflictTitle"),
          details: [],
          yours: base.version,
          current: Number(caught.body.current_version ?? 0),
        });
      } else if (isProblem(caught) && caught.errors.length > 0) {
        const rows = subforms.showProblems(caught);
        const parentProblems = new ProblemError(caught.status, { ...caught.body, errors: rows.rest });
        const { byField, general } = splitFieldProblems(parentProblems, fieldNames);
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        const first = [...byField.keys()][0] ?? rows.first;
        if (first) form.scrollToField(first, { block: "center", behavior: "smooth" });
        showError({
          kind: "fields",
          message: caught.title,
          details: [t("errors.fixFields"), ...rows.lines, ...general],
        });
      } else {
        showError({ kind: "other", message: problemMessage(caught, t), details: [t("errors.inputKept")] });
      }
    } finally {
      setSaving(false);
    }
  };

  /** Loads the latest version and keeps every field the user changed on top of it. */
  const reloadKeepingChanges = async () => {
    if (!record) return;
    try {
      const latest = await getRecord(object.api_name, record.id);
      const latestValues = recordToFormValues(fields, latest);
      const untouched = fields.filter((f) => !form.isFieldTouched(f.api_name)).map((f) => f.api_name);
      form.setFieldsValue(Object.fromEntries(untouched.map((name) => [name, latestValues[name]])));
      setBase({ version: latest.version, values: latestValues });
      setError(null);
      message.info(t("errors.conflictReloaded"));
    } catch (caught) {
      showError({ kind: "other", message: problemMessage(caught, t), details: [] });
    }
  };

  // `span` comes from the layout section's columns (24 at phone width); wide inputs take the whole row.
  const renderItem = (field: FieldMeta, span = 12) => (
    <Col key={field.api_name} span={isPhone || WIDE_TYPES.has(field.type) ? 24 : span}>
      <Form.Item
        name={field.api_name}
        label={label(field.labels) || field.api_name}
        required={field.required}
        tooltip={field.help_text ? label(field.help_text) : undefined}
        valuePropName="value"
        data-testid={`field-${field.api_name}`}
      >
        <FieldInput field={field} disabled={field.read_only || field.type === "auto_number" || undefined} />
      </Form.Item>
    </Col>
  );

  return (
    <Form
      form={form}
      name="record"
      layout="vertical"
      initialValues={initialValues}
      onFinish={save}
      onValuesChange={() => {
        if (!isDirty()) setDirty(true);
      }}
      disabled={saving}
      scrollToFirstError
      // The server judges validity and answers in the UI language; the browser's own checks would not.
      noValidate
      data-testid="record-form"
    >
      <LeaveModal blocker={blocker} />
      <div ref={errorRef}>
        {error ? (
          <Alert
            type={error.kind === "conflict" ? "warning" : "error"}
            showIcon
            style={{ marginBottom: 16 }}
            title={error.message}
            data-testid="form-error"
            description={
              error.kind === "conflict" ? (
                <>
                  <Typography.Paragraph style={{ marginBottom: 8 }}>
                    {t("errors.conflictDetail", { yours: error.yours, current: error.current })}
                  </Typography.Paragraph>
                  <Button onClick={reloadKeepingChanges} data-testid="conflict-reload">
                    {t("errors.conflictReload")}
                  </Button>
                </>
              ) : error.details.length ? (
                error.details.map((line) => <div key={line}>{line}</div>)
              ) : undefined
            }
          />
        ) : null}
      </div>
      <FormSections
        object={object}
        record={record}
        fields={fields}
        renderField={renderItem}
        renderSubform={(item) => {
          const list = subforms.listFor(item);
          return list ? <SubformTable key={list.name} list={list} loading={subforms.loading} /> : null;
        }}
      />
      <Flex
        gap={8}
        justify="flex-end"
        style={{
          position: "sticky",
          bottom: 0,
          padding: "12px 0",
          background: "#fff",
          borderTop: "1px solid #f0f0f0",
        }}
      >
        <Button onClick={onCancel} disabled={false} data-testid="cancel-record">
          {t("common.cancel")}
        </Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="save-record">
          {t("common.save")}
        </Button>
      </Flex>
    </Form>
  );
}
