import {
  Alert,
  Button,
  Flex,
  Radio,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CURRENCY_CODE,
  type DuplicatePolicy,
  type ImportInspection,
  type ImportRunView,
  type ImportSettingsBody,
  useImportInspection,
} from "../../api/imports.queries.ts";
import { useObject } from "../../api/metadata.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { ErrorResult } from "../error-result.tsx";
import { LookupSelect } from "./lookup-select.tsx";
import {
  AMOUNT_TYPES,
  draftProblems,
  initialDraft,
  type MappingDraft,
  settingsOf,
  VALUE_MAPPED,
} from "./mapping-model.ts";
import { SamplePreview } from "./sample-preview.tsx";
import { UnitSelect } from "./unit-select.tsx";
import { ValueMappingDrawer } from "./value-mapping-drawer.tsx";

interface Props {
  run: ImportRunView;
  displayField: string | null;
  /** A column to open the value mapping of (from "fix" on a problem group). */
  focus?: string | null;
  busy: boolean;
  onSubmit: (settings: ImportSettingsBody) => void;
  onRestart: () => void;
}

/** Step 2: which sheet, which column fills which field, and what to do with rows that already exist. */
export function MappingStep(props: Props) {
  const { t } = useTranslation();
  const { run } = props;
  const [sheet, setSheet] = useState(
    // A workbook often opens with a notes sheet: start on the first one that holds rows.
    run.settings?.sheet ?? (run.sheets.find((s) => s.rows > 0) ?? run.sheets[0])?.name,
  );
  const inspection = useImportInspection(run.id, sheet);

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t("imports.mapping.file")}</Typography.Text>
        <Typography.Text strong data-testid="import-file-name">
          {run.file_name}
        </Typography.Text>
        {run.sheets.length > 1 ? (
          <>
            <Typography.Text type="secondary">{t("imports.mapping.sheet")}</Typography.Text>
            <Select
              value={sheet}
              onChange={setSheet}
              style={{ minWidth: 180 }}
              options={run.sheets.map((s) => ({
                value: s.name,
                label: t("imports.mapping.sheetRows", { name: s.name, rows: s.rows }),
              }))}
              data-testid="import-sheet"
            />
          </>
        ) : null}
        {inspection.data ? (
          <Tag>{t("imports.mapping.headerRow", { row: inspection.data.header_row })}</Tag>
        ) : null}
      </Flex>
      {inspection.error ? (
        <ErrorResult error={inspection.error} onRetry={() => void inspection.refetch()} />
      ) : inspection.data ? (
        <MappingForm
          key={inspection.data.sheet}
          {...props}
          inspection={inspection.data}
          saved={run.settings}
        />
      ) : (
        <Skeleton active />
      )}
    </Flex>
  );
}

function MappingForm(props: Props & { inspection: ImportInspection; saved: ImportSettingsBody | null }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { inspection } = props;
  const [draft, setDraft] = useState<MappingDraft>(() =>
    initialDraft(inspection, props.saved, props.displayField),
  );
  const fieldLabel = useMemo(
    () => new Map(inspection.fields.map((f) => [f.api_name, label(f.labels) || f.api_name])),
    [inspection.fields, label],
  );
  const fieldType = new Map(inspection.fields.map((f) => [f.api_name, f.type]));
  const sourceOf = new Map(inspection.suggestions.map((s) => [s.column, s]));
  const used = new Set(Object.values(draft.columns).filter(Boolean));
  const problems = draftProblems(inspection, draft);
  // A currency code column fills part of a money field: it cannot identify a record on its own.
  const mappedFields = [...used]
    .filter((f) => fieldType.get(f) !== CURRENCY_CODE)
    .map((f) => ({ value: f, label: fieldLabel.get(f) ?? f }));
  const setColumn = (letter: string, field: string) =>
    setDraft((d) => {
      const { [letter]: _dropped, ...lookups } = d.lookups;
      const { [letter]: _choices, ...values } = d.values;
      return { ...d, columns: { ...d.columns, [letter]: field }, lookups, values };
    });
  const [valuesOf, setValuesOf] = useState<string | null>(() => {
    const field = props.focus ? draft.columns[props.focus] : "";
    return field && VALUE_MAPPED.has(fieldType.get(field) ?? "") ? props.focus! : null;
  });
  const header = (letter: string) => inspection.headers.find((h) => h.letter === letter);
  const { object } = useObject(props.run.object);
  const relationTarget = (field: string) =>
    object?.fields.find((f) => f.api_name === field)?.config.relation?.target;
  const unitText = new Map(inspection.suggestions.map((s) => [s.column, s.unit_text]));
  const setLookup = (letter: string, lookup: string | undefined) =>
    setDraft((d) => {
      const { [letter]: _dropped, ...lookups } = d.lookups;
      return { ...d, lookups: lookup ? { ...lookups, [letter]: lookup } : lookups };
    });

  type HeaderRow = ImportInspection["headers"][number];
  const samplesOf = (h: HeaderRow) =>
    inspection.samples.map((s) => s.cells[inspection.headers.indexOf(h)] ?? "").filter(Boolean);
  const sample = (h: HeaderRow) => samplesOf(h).slice(0, 2).join("、");
  const columns: TableColumnsType<HeaderRow> = [
    {
      key: "column",
      title: t("imports.mapping.column"),
      width: isPhone ? undefined : 260,
      render: (_, h) => (
        <Flex vertical>
          <Typography.Text strong>
            <Typography.Text type="secondary">{h.letter} · </Typography.Text>
            {h.name || "—"}
          </Typography.Text>
          {isPhone ? (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 150 }}>
              {sample(h)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    ...(isPhone
      ? []
      : [
          {
            key: "sample",
            title: t("imports.mapping.sample"),
            ellipsis: true,
            render: (_: unknown, h: HeaderRow) => (
              <Typography.Text type="secondary">{sample(h)}</Typography.Text>
            ),
          },
        ]),
    {
      key: "field",
      title: t("imports.mapping.field"),
      width: isPhone ? 170 : 300,
      render: (_, h) => {
        const value = draft.columns[h.letter] ?? "";
        const source = sourceOf.get(h.letter);
        const suggested = value && source?.field === value && source.source;
        return (
          <Flex vertical gap={2}>
            <Select
              value={value}
              onChange={(field: string) => setColumn(h.letter, field)}
              showSearch={{ optionFilterProp: "label" }}
              style={{ width: "100%" }}
              data-testid={`import-map-${h.letter}`}
              options={[
                { value: "", label: t("imports.mapping.skip") },
                ...inspection.fields.map((f) => ({
                  value: f.api_name,
                  label: `${fieldLabel.get(f.api_name)}${f.required ? t("imports.mapping.required") : ""}`,
                  disabled: used.has(f.api_name) && value !== f.api_name,
                })),
              ]}
            />
            {value && AMOUNT_TYPES.has(fieldType.get(value) ?? "") ? (
              <UnitSelect
                letter={h.letter}
                value={draft.units[h.letter] ?? "one"}
                headerText={unitText.get(h.letter)}
                samples={samplesOf(h)}
                onChange={(unit) => setDraft((d) => ({ ...d, units: { ...d.units, [h.letter]: unit } }))}
              />
            ) : null}
            {value && VALUE_MAPPED.has(fieldType.get(value) ?? "") ? (
              <Button
                size="small"
                style={{ alignSelf: "flex-start" }}
                onClick={() => setValuesOf(h.letter)}
                data-testid={`import-values-${h.letter}`}
              >
                {Object.keys(draft.values[h.letter] ?? {}).length
                  ? t("imports.mapping.valuesChosen", {
                      count: Object.keys(draft.values[h.letter] ?? {}).length,
                    })
                  : t("imports.mapping.values")}
              </Button>
            ) : null}
            {value && fieldType.get(value) === "relation" ? (
              <LookupSelect
                object={props.run.object}
                field={value}
                value={draft.lookups[h.letter]}
                onChange={(lookup) => setLookup(h.letter, lookup)}
                testId={`import-lookup-${h.letter}`}
              />
            ) : null}
            {suggested ? (
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                {source.source === "remembered"
                  ? t("imports.mapping.remembered")
                  : t("imports.mapping.suggested")}
              </Typography.Text>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  const missing = problems.missingRequired.map((f) => fieldLabel.get(f) ?? f).join("、");
  return (
    <Flex vertical gap={16}>
      <Table
        rowKey="letter"
        size="small"
        columns={columns}
        dataSource={inspection.headers}
        pagination={false}
        data-testid="import-mapping"
      />
      {problems.missingRequired.length ? (
        <Alert type="warning" showIcon title={t("imports.mapping.requiredMissing", { fields: missing })} />
      ) : null}
      <Flex vertical gap={8}>
        <Typography.Text strong>{t("imports.mapping.duplicates")}</Typography.Text>
        <Radio.Group
          value={draft.duplicates}
          onChange={(e) => setDraft((d) => ({ ...d, duplicates: e.target.value as DuplicatePolicy }))}
          orientation={isPhone ? "vertical" : "horizontal"}
          data-testid="import-duplicates"
          options={[
            { value: "skip", label: t("imports.mapping.dupSkip") },
            { value: "update", label: t("imports.mapping.dupUpdate") },
            { value: "create", label: t("imports.mapping.dupCreate") },
          ]}
        />
        {draft.duplicates === "create" ? null : (
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t("imports.mapping.matchFields")}</Typography.Text>
            <Select
              mode="multiple"
              maxCount={5}
              value={draft.matchFields.filter((f) => used.has(f))}
              onChange={(fields: string[]) => setDraft((d) => ({ ...d, matchFields: fields }))}
              options={mappedFields}
              status={problems.needsMatch ? "error" : undefined}
              placeholder={t("imports.mapping.matchRequired")}
              style={{ width: isPhone ? "100%" : 420 }}
              data-testid="import-match-fields"
            />
          </Flex>
        )}
      </Flex>
      <SamplePreview inspection={inspection} />
      {valuesOf && draft.columns[valuesOf] ? (
        <ValueMappingDrawer
          open
          target={{
            runId: props.run.id,
            sheet: inspection.sheet,
            headerRow: inspection.header_row,
            letter: valuesOf,
            header: header(valuesOf)?.name || valuesOf,
            field: draft.columns[valuesOf]!,
            fieldLabel: fieldLabel.get(draft.columns[valuesOf]!) ?? "",
            type: fieldType.get(draft.columns[valuesOf]!) ?? "",
            ...(draft.lookups[valuesOf] ? { lookup: draft.lookups[valuesOf] } : {}),
            ...(relationTarget(draft.columns[valuesOf]!)
              ? { target: relationTarget(draft.columns[valuesOf]!) }
              : {}),
          }}
          choices={draft.values[valuesOf] ?? {}}
          onChange={(choices) => setDraft((d) => ({ ...d, values: { ...d.values, [valuesOf]: choices } }))}
          onClose={() => setValuesOf(null)}
        />
      ) : null}
      <Flex gap={8} wrap justify="space-between">
        <Button onClick={props.onRestart}>{t("imports.mapping.reupload")}</Button>
        <Button
          type="primary"
          loading={props.busy}
          disabled={problems.nothingMapped || problems.needsMatch}
          onClick={() => props.onSubmit(settingsOf(inspection, draft))}
          data-testid="import-check"
        >
          {t("imports.mapping.next")}
        </Button>
      </Flex>
    </Flex>
  );
}
