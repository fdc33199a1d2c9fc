import type { Locale, Translatable } from "@keduo/core";
import { Flex, Input, Select, Tag, Typography } from "antd";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";

const LANGUAGES: Array<{ locale: Locale; tag: "automationActions.text.zh" | "automationActions.text.en" }> = [
  { locale: "zh-CN", tag: "automationActions.text.zh" },
  { locale: "en", tag: "automationActions.text.en" },
];

type Box = HTMLInputElement | HTMLTextAreaElement;

/**
 * A text in both languages with `{{field}}` placeholders, which the server fills from the record. The
 * "insert field" picker puts a placeholder where the cursor was in the box last typed in, so nobody has to
 * know API names or the brace syntax.
 */
export function TemplateTextInput({
  value,
  onChange,
  fields,
  multiline,
  id,
  testId,
}: {
  value?: Translatable;
  onChange?: (value: Translatable) => void;
  fields: FieldMeta[];
  multiline?: boolean;
  id?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const text: Translatable = value ?? { "zh-CN": "", en: "" };
  const boxes = useRef<Partial<Record<Locale, Box | null>>>({});
  const last = useRef<{ locale: Locale; at: number | null }>({ locale: "zh-CN", at: null });
  const change = (locale: Locale, next: string) => onChange?.({ ...text, [locale]: next });
  const remember = (locale: Locale) => {
    last.current = { locale, at: boxes.current[locale]?.selectionStart ?? null };
  };
  const insert = (name: string) => {
    const { locale, at } = last.current;
    const current = text[locale];
    const position = at ?? current.length;
    const piece = `{{${name}}}`;
    change(locale, current.slice(0, position) + piece + current.slice(position));
    last.current = { locale, at: position + piece.length };
    requestAnimationFrame(() => {
      const box = boxes.current[locale];
      box?.focus();
      box?.setSelectionRange(position + piece.length, position + piece.length);
    });
  };
  return (
    <Flex vertical gap={6} data-testid={testId}>
      {LANGUAGES.map(({ locale, tag }) => {
        const common = {
          id: locale === "zh-CN" ? id : undefined,
          value: text[locale],
          onBlur: () => remember(locale),
          onKeyUp: () => remember(locale),
          onClick: () => remember(locale),
          "data-testid": `${testId}-${locale}`,
        };
        return (
          <Flex key={locale} gap={6} align="start">
            <Tag
              style={{
                marginInlineEnd: 0,
                marginTop: 5,
                width: 34,
                paddingInline: 0,
                textAlign: "center",
                flex: "none",
              }}
            >
              {t(tag)}
            </Tag>
            {multiline ? (
              <Input.TextArea
                {...common}
                ref={(el) => {
                  boxes.current[locale] = el?.resizableTextArea?.textArea ?? null;
                }}
                autoSize={{ minRows: 2, maxRows: 8 }}
                onChange={(e) => change(locale, e.target.value)}
              />
            ) : (
              <Input
                {...common}
                ref={(el) => {
                  boxes.current[locale] = el?.input ?? null;
                }}
                onChange={(e) => change(locale, e.target.value)}
              />
            )}
          </Flex>
        );
      })}
      <Flex gap={8} align="center" wrap>
        <Select
          size="small"
          showSearch={{ optionFilterProp: "label" }}
          value={null}
          placeholder={`+ ${t("automationActions.text.insertField")}`}
          style={{ width: 170 }}
          popupMatchSelectWidth={false}
          options={fields.map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }))}
          onChange={(name: string | null) => name && insert(name)}
          data-testid={`${testId}-insert`}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("automationActions.text.placeholderHelp", { example: "{{…}}" })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
