import { CheckCircleFilled, CloseCircleFilled } from "@ant-design/icons";
import type { FormulaValueType } from "@keduo/core";
import { AutoComplete, Flex, Input, Typography } from "antd";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type FormulaCheck, useFormulaCheck, useFormulaHelp } from "../api/formula.queries.ts";
import { useLabel } from "../i18n/index.ts";
import { useDebounced } from "./list/list-state.ts";

const MAX_SUGGESTIONS = 12;
// A name being typed: a field path (account.tier) or a function, or a label in Chinese the user remembers.
const TOKEN = /[\p{L}_][\p{L}\p{N}_.]*$/u;

interface Suggestion {
  /** The whole expression with the token replaced: what the box holds once it is picked. */
  value: string;
  label: ReactNode;
  /** Where the cursor goes after the insertion. */
  cursor: number;
}

type Help = Pick<FormulaCheck, "fields" | "functions">;

function suggest(
  help: Help | undefined,
  text: string,
  cursor: number,
  label: (l: FormulaCheck["fields"][number]["labels"]) => string,
): Suggestion[] {
  const token = TOKEN.exec(text.slice(0, cursor))?.[0];
  if (!help || !token) return [];
  const start = cursor - token.length;
  const needle = token.toLowerCase();
  const insert = (piece: string) => ({
    value: text.slice(0, start) + piece + text.slice(cursor),
    cursor: start + piece.length,
  });
  const fields = help.fields
    .filter((f) => f.path.toLowerCase().startsWith(needle) || label(f.labels).toLowerCase().includes(needle))
    .filter((f) => f.path !== token)
    .slice(0, MAX_SUGGESTIONS)
    .map((f) => ({
      ...insert(f.path),
      label: (
        <Flex justify="space-between" gap={12}>
          <code>{f.path}</code>
          <Typography.Text type="secondary">{label(f.labels)}</Typography.Text>
        </Flex>
      ),
    }));
  const functions = help.functions
    .filter((fn) => fn.name.toLowerCase().startsWith(needle))
    .slice(0, MAX_SUGGESTIONS - fields.length)
    .map((fn) => ({
      ...insert(`${fn.name}(`),
      label: (
        <Flex vertical>
          <code>{fn.syntax}</code>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label(fn.description)}
          </Typography.Text>
        </Flex>
      ),
    }));
  return [...fields, ...functions];
}

function Verdict({ check, pending }: { check: FormulaCheck | undefined; pending: boolean }) {
  const { t } = useTranslation();
  if (!check)
    return pending ? (
      <Typography.Text type="secondary">{t("automations.formula.checking")}</Typography.Text>
    ) : null;
  if (check.ok)
    return (
      <Typography.Text type="success">
        <CheckCircleFilled /> {t("automations.formula.ok")}
      </Typography.Text>
    );
  return (
    <Flex vertical>
      {check.errors.map((error) => (
        <Typography.Text type="danger" key={`${error.line}:${error.column}:${error.code}`}>
          <CloseCircleFilled /> {error.message}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/**
 * A formula box for people who do not write formulas every day: while typing, fields (by API name or by their
 * label: 类型 finds `type`) and functions are suggested, and the server's checker says under the box whether
 * the formula is right — the same checker that judges it on save.
 */
export function FormulaInput({
  value,
  onChange,
  object,
  expect,
  writeContext = false,
  placeholder,
  id,
  testId,
}: {
  value?: string;
  onChange?: (value: string) => void;
  object: string;
  expect?: FormulaValueType;
  /** ISNEW, ISCHANGED and PRIORVALUE read the write (conditions of record triggers). */
  writeContext?: boolean;
  placeholder?: string;
  id?: string;
  testId?: string;
}) {
  const label = useLabel();
  const text = value ?? "";
  const box = useRef<HTMLTextAreaElement | null>(null);
  const [cursor, setCursor] = useState(0);
  const help = useFormulaHelp(object, writeContext);
  const expression = useDebounced(text, 400);
  const check = useFormulaCheck({ object, expression, expect, write_context: writeContext });
  const suggestions = useMemo(
    () => suggest(help.data, text, cursor, label),
    [help.data, text, cursor, label],
  );
  const track = () => setCursor(box.current?.selectionStart ?? text.length);
  const pick = (picked: string) => {
    const chosen = suggestions.find((s) => s.value === picked);
    if (!chosen) return;
    // After React wrote the new text: put the cursor right after what was inserted.
    requestAnimationFrame(() => {
      // Unless the user already typed on: then the cursor is where their typing left it.
      if (box.current?.value !== chosen.value) return;
      box.current.setSelectionRange(chosen.cursor, chosen.cursor);
      setCursor(chosen.cursor);
    });
  };
  return (
    <Flex vertical gap={4}>
      <AutoComplete
        value={text}
        options={suggestions.map(({ value: option, label: shown }) => ({ value: option, label: shown }))}
        onChange={(next: string) => onChange?.(next)}
        onSelect={pick}
        showSearch={{ filterOption: false }}
        popupMatchSelectWidth={false}
      >
        <Input.TextArea
          ref={(element) => {
            box.current = element?.resizableTextArea?.textArea ?? null;
          }}
          id={id}
          autoSize={{ minRows: 1, maxRows: 6 }}
          placeholder={placeholder}
          spellCheck={false}
          onKeyUp={track}
          onClick={track}
          onInput={track}
          style={{ fontFamily: "monospace" }}
          data-testid={testId}
        />
      </AutoComplete>
      {text.trim() ? (
        <div style={{ textAlign: "start" }} data-testid={testId ? `${testId}-verdict` : undefined}>
          <Verdict check={check.data} pending={check.isFetching} />
        </div>
      ) : null}
    </Flex>
  );
}
