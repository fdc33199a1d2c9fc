import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from "@ant-design/icons";
import { App, Button, Dropdown } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { buildUrl } from "../../api/http-client.ts";
import { isProblem } from "../../api/problem.ts";
import { useLanguage } from "../../i18n/index.ts";
import { downloadName, problemOf, saveBlob } from "../../lib/file-download.ts";

type Format = "xlsx" | "csv";

/**
 * Downloads the list as the user sees it right now (filter, sort, columns — saved or not) as .xlsx or .csv.
 * The server applies the user's access again, so only rows and fields they may read are in the file.
 */
export function ExportButton(props: {
  object: string;
  filter: unknown;
  sort: string | null | undefined;
  fields: string[];
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async (format: Format) => {
    setBusy(true);
    const key = "list-export";
    message.open({ key, type: "loading", content: t("export.running"), duration: 0 });
    try {
      const url = buildUrl(`/api/records/${encodeURIComponent(props.object)}/export`, {
        format,
        filter: props.filter ? JSON.stringify(props.filter) : undefined,
        sort: props.sort,
        fields: props.fields.join(","),
        lang: language,
      });
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { "accept-language": language },
      });
      if (!response.ok) throw await problemOf(response);
      const name = downloadName(response.headers.get("content-disposition"), `${props.object}.${format}`);
      saveBlob(await response.blob(), name);
      message.open({ key, type: "success", content: t("export.done", { name }) });
    } catch (error) {
      const reason = isProblem(error)
        ? [error.detail || error.title, ...error.errors.map((e) => e.message)].join(" ")
        : (error as Error).message;
      message.open({ key, type: "error", content: t("export.failed", { reason }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      trigger={["click"]}
      disabled={busy}
      menu={{
        style: { maxWidth: 260 },
        items: [
          {
            type: "group",
            label: t("export.hint"),
            children: [
              {
                key: "xlsx",
                icon: <FileExcelOutlined />,
                label: t("export.excel"),
                "data-testid": "export-xlsx",
              },
              { key: "csv", icon: <FileTextOutlined />, label: t("export.csv"), "data-testid": "export-csv" },
            ],
          },
        ],
        onClick: ({ key }) => void run(key as Format),
      }}
    >
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        aria-label={t("export.button")}
        data-testid="export-toggle"
      >
        {props.compact ? null : t("export.button")}
      </Button>
    </Dropdown>
  );
}
