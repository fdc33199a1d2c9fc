import type { FieldDefinition, Locale, Translatable } from "@keduo/core";
import { unitWarnings } from "./amount-units.ts";
import { issueMessage } from "./import-issues.ts";
import type { Counts, ImportRun } from "./import-run.ts";
import { ADDRESS_PARTS, type AddressPart, partTarget, type TargetPart } from "./mapping-suggest.ts";

const PART_LABELS: Record<AddressPart, Translatable> = {
  province: { "zh-CN": "省份", en: "province" },
  city: { "zh-CN": "城市", en: "city" },
  district: { "zh-CN": "区县", en: "district" },
  street: { "zh-CN": "详细地址", en: "street" },
};

/**
 * What a column can be mapped to, as inspect lists it: the fields, the currency code of each money field
 * (as the export names its column) and the parts of each address field.
 */
export function mappingTargetList(fields: FieldDefinition[]) {
  const part = (f: FieldDefinition, name: TargetPart, type: string, zh: string, en: string) => ({
    api_name: partTarget(f, name),
    type,
    labels: { "zh-CN": `${f.labels["zh-CN"]}（${zh}）`, en: `${f.labels.en} (${en})` },
    required: false,
  });
  return [
    ...fields.map((f) => ({ api_name: f.apiName, type: f.type, labels: f.labels, required: f.required })),
    ...fields
      .filter((f) => f.type === "currency")
      .map((f) => part(f, "currency", "currency_code", "币种", "currency")),
    ...fields
      .filter((f) => f.type === "address")
      .flatMap((f) =>
        ADDRESS_PARTS.map((p) => part(f, p, "address_part", PART_LABELS[p]["zh-CN"], PART_LABELS[p].en)),
      ),
  ];
}

const countsOf = (c: Counts) => ({
  created: c.created,
  updated: c.updated,
  skipped: c.skipped,
  failed: c.failed,
});

/** Rows with warnings, and the number columns whose cells disagree about their unit. */
function warningsOf(run: ImportRun, counts: Counts, locale: Locale) {
  const columns = Object.entries(counts.units ?? {}).flatMap(([letter, tally]) => {
    const unit = run.settings?.mapping.find((m) => m.column === letter)?.unit ?? "one";
    return unitWarnings(letter, unit, tally).map((w) => ({
      ...w,
      header: run.settings?.headers?.[letter] ?? null,
      message: issueMessage(w.code, { ...w.params, count: w.count }, locale),
    }));
  });
  return { rows: counts.warned ?? 0, columns };
}

/** An import as the API answers it; warnings and their messages in the reader's language. */
export function importView(run: ImportRun, locale: Locale, undoUntil: Date | null) {
  return {
    id: run.id,
    object: run.object,
    file_name: run.file_name,
    format: run.format,
    size: run.size,
    encoding: run.facts.encoding,
    sheets: run.facts.sheets.map((s) => ({ name: s.name, rows: s.rows })),
    status: run.status,
    settings: run.settings
      ? {
          sheet: run.settings.sheet,
          header_row: run.settings.headerRow,
          mapping: run.settings.mapping,
          duplicates: run.settings.duplicates,
          match_fields: run.settings.matchFields,
          accept_warnings: run.settings.acceptWarnings ?? false,
        }
      : null,
    progress: { rows_total: run.rows_total, rows_done: run.rows_done },
    counts: countsOf(run.counts),
    dry_run: run.dry_counts && countsOf(run.dry_counts),
    warnings: {
      dry_run: run.dry_counts && warningsOf(run, run.dry_counts, locale),
      run: warningsOf(run, run.counts, locale),
    },
    failure: run.failure,
    created_at: run.created_at.toISOString(),
    finished_at: run.finished_at?.toISOString() ?? null,
    /** A completed import can be undone until then (KEDUO_IMPORT_UNDO_DAYS after it finished). */
    undo_until: undoUntil?.toISOString() ?? null,
  };
}
