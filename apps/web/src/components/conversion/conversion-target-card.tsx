import type { ConversionTarget } from "@keduo/core";
import { Alert, Card, Col, Flex, Form, Radio, Row, Space, Switch, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ConversionCheckTarget } from "../../api/conversion.queries.ts";
import type { FieldProblem } from "../../api/problem.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { isEditable } from "../../lib/metadata.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { FieldInput } from "../field-input.tsx";

/** What the user decided for one target so far: create (with the values as edited), attach to a record, skip. */
export interface TargetDraft {
  mode: "create" | "attach" | "skip";
  attachId: string | null;
  values: Record<string, unknown>;
}

/** The fields a new target record shows: the mapped ones and the required ones nothing fills, in form order. */
export function draftFields(target: ConversionTarget, object: ObjectMeta): FieldMeta[] {
  const linked = new Set(Object.keys(target.links ?? {}));
  const mapped = new Set(Object.keys(target.fields));
  return object.fields
    .filter((f) => !f.hidden && isEditable(f) && !linked.has(f.api_name))
    .filter((f) => mapped.has(f.api_name) || (f.required && (f.default === null || f.default === undefined)))
    .sort((a, b) => a.position - b.position);
}

export function ConversionTargetCard({
  target,
  check,
  object,
  draft,
  onChange,
  problems,
  linkedLabels,
}: {
  target: ConversionTarget;
  check: ConversionCheckTarget | undefined;
  object: ObjectMeta;
  draft: TargetDraft;
  onChange: (draft: TargetDraft) => void;
  /** This target's problems, the field relative to the target (`name`; "" for the target itself). */
  problems: FieldProblem[];
  /** The labels of the targets this one links to (the contact → the account). */
  linkedLabels: string[];
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const objectLabel = label(object.labels);
  const fields = draftFields(target, object);
  const shown = new Set(fields.map((f) => f.api_name));
  const duplicates = check?.duplicates ?? [];
  const fieldLabel = (name: string) => {
    const field = object.fields.find((f) => f.api_name === name);
    return field ? label(field.labels) : name;
  };
  const problemOf = (name: string) => problems.filter((p) => p.field === name).map((p) => p.message);
  // Problems the form cannot place under a field it shows (the target as a whole, a field set by a rule).
  const loose = problems.filter((p) => !shown.has(p.field) || draft.mode !== "create");
  const set = (patch: Partial<TargetDraft>) => onChange({ ...draft, ...patch });

  return (
    <Card
      size="small"
      data-testid={`convert-target-${target.key}`}
      data-mode={draft.mode}
      title={
        <Space size={6}>
          <span>{label(target.labels)}</span>
          {target.optional ? <Tag>{t("conversion.optional")}</Tag> : null}
        </Space>
      }
      extra={
        target.optional ? (
          <Space size={6}>
            <Typography.Text type="secondary">{t("conversion.include")}</Typography.Text>
            <Switch
              size="small"
              checked={draft.mode !== "skip"}
              onChange={(on) => set({ mode: on ? (draft.attachId ? "attach" : "create") : "skip" })}
              data-testid={`convert-include-${target.key}`}
            />
          </Space>
        ) : null
      }
      styles={{ body: draft.mode === "skip" ? { padding: "8px 12px" } : undefined }}
    >
      {draft.mode === "skip" ? (
        <Typography.Text type="secondary">{t("conversion.skipped", { object: objectLabel })}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {linkedLabels.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {linkedLabels.map((l) => t("conversion.linkedTo", { target: l })).join(" · ")}
            </Typography.Text>
          ) : null}
          {duplicates.length ? (
            <Alert
              type="warning"
              showIcon
              data-testid={`convert-duplicates-${target.key}`}
              title={t("conversion.duplicates", { count: duplicates.length, object: objectLabel })}
              description={
                <Radio.Group
                  value={draft.mode === "attach" ? draft.attachId : "create"}
                  onChange={(e) =>
                    e.target.value === "create"
                      ? set({ mode: "create", attachId: null })
                      : set({ mode: "attach", attachId: e.target.value as string })
                  }
                  style={{ display: "flex", flexDirection: "column", gap: 6, marginTop: 6 }}
                >
                  <Radio value="create">
                    <span data-testid={`convert-create-${target.key}`}>
                      {t("conversion.create", { object: objectLabel })}
                    </span>
                  </Radio>
                  {duplicates.map((d) => (
                    <Radio key={d.id} value={d.id} data-testid={`convert-attach-${target.key}`}>
                      <Space size={6} wrap data-testid={`convert-duplicate-${target.key}`}>
                        <span>{t("conversion.attach")}:</span>
                        <a href={`/o/${target.object}/${d.id}`} target="_blank" rel="noreferrer">
                          {d.title ?? `#${d.id.slice(-6)}`}
                        </a>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t("conversion.matchedBy", {
                            fields: d.matched.map(fieldLabel).join(t("conversion.partSeparator")),
                          })}
                        </Typography.Text>
                      </Space>
                    </Radio>
                  ))}
                </Radio.Group>
              }
            />
          ) : null}
          {loose.length ? (
            <Alert
              type="error"
              showIcon
              data-testid={`convert-errors-${target.key}`}
              title={loose
                .map((p) =>
                  p.field
                    ? t("board.fieldMessage", { field: fieldLabel(p.field), message: p.message })
                    : p.message,
                )
                .join(" ")}
            />
          ) : null}
          {draft.mode === "create" ? (
            <Form layout="vertical" component="div" requiredMark>
              <Row gutter={12}>
                {fields.map((field) => {
                  const messages = problemOf(field.api_name);
                  return (
                    <Col key={field.api_name} span={isPhone ? 24 : 12}>
                      <Form.Item
                        label={label(field.labels)}
                        required={field.required}
                        validateStatus={messages.length ? "error" : undefined}
                        help={messages.length ? messages.join(" ") : undefined}
                        style={{ marginBottom: 8 }}
                        data-testid={`convert-field-${target.key}-${field.api_name}`}
                      >
                        <FieldInput
                          field={field}
                          id={`convert-${target.key}-${field.api_name}`}
                          value={draft.values[field.api_name]}
                          onChange={(value) => set({ values: { ...draft.values, [field.api_name]: value } })}
                        />
                      </Form.Item>
                    </Col>
                  );
                })}
              </Row>
            </Form>
          ) : null}
        </Flex>
      )}
    </Card>
  );
}
