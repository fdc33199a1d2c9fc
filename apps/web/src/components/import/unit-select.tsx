import { Flex, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { AMOUNT_UNITS, type AmountUnit } from "../../api/imports.queries.ts";
import { useLanguage } from "../../i18n/index.ts";

/** The first sample that is a plain number, scaled by the unit: "216.7 → 2,167,000". */
function example(samples: string[], unit: AmountUnit, language: string): { from: string; to: string } | null {
  const plain = samples.find((s) => /^-?\d+(\.\d+)?$/.test(s.replace(/[,，]/g, "")));
  if (plain === undefined || unit === "one") return null;
  const scaled = Number(plain.replace(/[,，]/g, "")) * 10 ** AMOUNT_UNITS[unit];
  return { from: plain, to: scaled.toLocaleString(language, { maximumFractionDigits: 2 }) };
}

/**
 * The unit plain numbers of a number or money column are in, as the header announced it (年采购额(万元))
 * and the user may change; a number written with its own unit (104万) keeps that one.
 */
export function UnitSelect(props: {
  letter: string;
  value: AmountUnit;
  headerText: string | undefined;
  samples: string[];
  onChange: (unit: AmountUnit) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const shown = example(props.samples, props.value, language);
  return (
    <Flex vertical gap={2} data-testid={`import-unit-${props.letter}`}>
      <Flex gap={6} align="center" wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("imports.mapping.unit")}
        </Typography.Text>
        <Select
          size="small"
          value={props.value}
          onChange={props.onChange}
          style={{ minWidth: 110 }}
          data-testid={`import-unit-select-${props.letter}`}
          options={(Object.keys(AMOUNT_UNITS) as AmountUnit[]).map((unit) => ({
            value: unit,
            label: t(`imports.units.${unit}`),
          }))}
        />
      </Flex>
      {props.headerText ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("imports.mapping.unitFromHeader", { text: props.headerText })}
        </Typography.Text>
      ) : null}
      {shown ? (
        <Typography.Text style={{ fontSize: 12 }} data-testid={`import-unit-example-${props.letter}`}>
          {t("imports.mapping.unitExample", shown)}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
