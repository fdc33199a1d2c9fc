import { Table, type TableColumnsType, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ImportInspection } from "../../api/imports.queries.ts";

type Sample = ImportInspection["samples"][number];

/** The first rows of the sheet under their own headers, so the user sees what the columns hold. */
export function SamplePreview({ inspection }: { inspection: ImportInspection }) {
  const { t } = useTranslation();
  if (inspection.samples.length === 0) return null;
  const columns: TableColumnsType<Sample> = [
    { key: "row", title: t("imports.mapping.row"), width: 56, fixed: "left", render: (_, s) => s.row },
    ...inspection.headers.map((h, i) => ({
      key: h.letter,
      title: h.name || h.letter,
      width: 140,
      ellipsis: true,
      render: (_: unknown, s: Sample) => s.cells[i] ?? "",
    })),
  ];
  return (
    <div>
      <Typography.Text strong>
        {t("imports.mapping.preview", { count: inspection.samples.length })}
      </Typography.Text>
      <Table
        rowKey="row"
        size="small"
        columns={columns}
        dataSource={inspection.samples}
        pagination={false}
        scroll={{ x: "max-content" }}
        style={{ marginTop: 8 }}
        data-testid="import-preview"
      />
    </div>
  );
}
