import { App, Button, Drawer, Flex, Select, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { addImportOptions, type ColumnValues, useColumnValues } from "../../api/imports.queries.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { DepartmentSelect } from "../department-select.tsx";
import { ErrorResult, problemMessage } from "../error-result.tsx";
import { RelationSelect } from "../relation-select.tsx";
import { UserSelect } from "../user-select.tsx";

type Row = ColumnValues["values"][number];
type MatchRule = "exact" | "normalized" | "suffix" | "pinyin";
/** What the user chose per text: an option value or id, or null for "leave empty". */
export type Choices = Record<string, string | null>;

const EMPTY = "\u0000empty";

export interface ValueMappingTarget {
  runId: string;
  sheet: string;
  headerRow: number;
  letter: string;
  header: string;
  field: string;
  fieldLabel: string;
  type: string;
  lookup?: string;
  /** The relation's target object (relation fields). */
  target?: string;
}

/**
 * The value mapping step of one column: its distinct values with counts, each mapped automatically where
 * a rule matched (and saying which), otherwise chosen by the user — an option, a user, a record, "leave
 * empty", or (admins) a new option made from the value.
 */
export function ValueMappingDrawer(props: {
  open: boolean;
  target: ValueMappingTarget;
  choices: Choices;
  onChange: (choices: Choices) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { target } = props;
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      size={isPhone ? "100%" : 720}
      title={t("imports.values.title", { column: target.header, field: target.fieldLabel })}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={props.onClose} data-testid="import-values-done">
          {t("imports.values.done")}
        </Button>
      }
    >
      {props.open ? <ValueTable {...props} /> : null}
    </Drawer>
  );
}

function ValueTable(props: { target: ValueMappingTarget; choices: Choices; onChange: (c: Choices) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const { target, choices } = props;
  const query = useColumnValues(target.runId, {
    sheet: target.sheet,
    header_row: target.headerRow,
    column: target.letter,
    field: target.field,
    ...(target.lookup ? { lookup: target.lookup } : {}),
  });
  const [adding, setAdding] = useState(false);
  const [options, setOptions] = useState<ColumnValues["options"]>(undefined);
  if (query.error) return <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const allOptions = options ?? data?.options ?? [];
  const isChoice = data?.options !== undefined;
  const choose = (text: string, to: string | null | undefined) => {
    const { [text]: _dropped, ...rest } = choices;
    props.onChange(to === undefined ? rest : { ...rest, [text]: to });
  };
  const add = async (texts: string[]) => {
    setAdding(true);
    try {
      const result = await addImportOptions(target.runId, target.field, texts);
      setOptions(result.options);
      const next = { ...choices };
      for (const { label: text, value } of result.added) next[text] = value;
      props.onChange(next);
      message.success(t("imports.values.added", { count: result.added.length }));
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setAdding(false);
    }
  };
  const unmatched = (data?.values ?? []).filter((v) => !v.match && !(v.value in choices)).map((v) => v.value);

  const picker = (row: Row) => {
    const chosen = row.value in choices ? choices[row.value] : undefined;
    const current = chosen === undefined ? row.match?.to : chosen;
    const testId = `import-value-${row.value}`;
    if (isChoice)
      return (
        <Select
          value={chosen === null ? EMPTY : (current ?? undefined)}
          placeholder={t("imports.values.unmatched")}
          status={current === undefined && chosen === undefined ? "warning" : undefined}
          onChange={(v: string) => choose(row.value, v === EMPTY ? null : v)}
          style={{ width: "100%" }}
          data-testid={testId}
          options={[
            ...allOptions.map((o) => ({ value: o.value, label: label(o.labels) || o.value })),
            { value: EMPTY, label: t("imports.values.leaveEmpty") },
          ]}
        />
      );
    const common = {
      value: chosen === null ? null : (current ?? null),
      onChange: (id: unknown) => choose(row.value, (id as string | null) ?? undefined),
    };
    return (
      <Flex gap={4} data-testid={testId}>
        {target.type === "user" ? (
          <UserSelect {...common} />
        ) : target.type === "department" ? (
          <DepartmentSelect {...common} value={common.value} />
        ) : (
          <RelationSelect {...common} value={common.value} target={target.target ?? ""} />
        )}
        <Button size="small" onClick={() => choose(row.value, null)}>
          {t("imports.values.leaveEmpty")}
        </Button>
      </Flex>
    );
  };
  const status = (row: Row) => {
    if (row.value in choices)
      return (
        <Button type="link" size="small" onClick={() => choose(row.value, undefined)} style={{ padding: 0 }}>
          {t("imports.values.reset")}
        </Button>
      );
    if (row.match)
      return (
        <Tag color="green">
          {t("imports.values.auto", { rule: t(`imports.values.rules.${row.match.by as MatchRule}`) })}
        </Tag>
      );
    return (
      <Flex gap={4} wrap>
        <Tag color="orange">
          {row.ambiguous
            ? t("imports.values.ambiguous", { count: row.ambiguous })
            : t("imports.values.unmatched")}
        </Tag>
        {data?.can_add_options ? (
          <Button
            size="small"
            loading={adding}
            onClick={() => void add([row.value])}
            data-testid={`import-value-add-${row.value}`}
          >
            {t("imports.values.addOption")}
          </Button>
        ) : null}
      </Flex>
    );
  };
  const columns: TableColumnsType<Row> = [
    {
      key: "value",
      title: t("imports.values.value"),
      render: (_, row) => (
        <Flex vertical>
          <Typography.Text strong>{row.value}</Typography.Text>
          {isPhone ? (
            <Typography.Text type="secondary">{row.count.toLocaleString(language)}</Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    ...(isPhone
      ? []
      : [
          {
            key: "count",
            title: t("imports.values.count"),
            width: 72,
            render: (_: unknown, row: Row) => row.count.toLocaleString(language),
          },
        ]),
    {
      key: "target",
      title: t("imports.values.target"),
      width: isPhone ? 170 : 260,
      render: (_, row) => (
        <Flex vertical gap={4} align="flex-start">
          <div style={{ width: "100%" }}>{picker(row)}</div>
          {status(row)}
        </Flex>
      ),
    },
  ];
  return (
    <Flex vertical gap={12}>
      {data ? (
        <Typography.Text type="secondary">
          {t("imports.values.intro", {
            distinct: data.values.length.toLocaleString(language),
            rows: data.rows.toLocaleString(language),
          })}
        </Typography.Text>
      ) : null}
      {data?.capped ? (
        <Typography.Text type="warning">
          {t("imports.values.capped", { rows: data.other_rows.toLocaleString(language) })}
        </Typography.Text>
      ) : null}
      {data?.can_add_options && unmatched.length > 1 ? (
        <Button
          loading={adding}
          onClick={() => void add(unmatched)}
          data-testid="import-values-add-all"
          style={{ alignSelf: "flex-start" }}
        >
          {t("imports.values.addAll")}
        </Button>
      ) : null}
      <Table
        rowKey="value"
        size="small"
        columns={columns}
        dataSource={data?.values ?? []}
        loading={query.isLoading}
        pagination={(data?.values.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        data-testid="import-values"
      />
    </Flex>
  );
}
