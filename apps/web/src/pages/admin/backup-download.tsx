import { DownloadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../api/problem.ts";
import { sessionKey } from "../../api/session.ts";
import type { Session } from "../../api/types.ts";
import { useLanguage } from "../../i18n/index.ts";
import { downloadName, problemOf, saveBlob } from "../../lib/file-download.ts";
import { formatFileSize } from "../../lib/format.ts";

// Received bytes are folded into a Blob every this many bytes: browsers keep large blobs out of the JS heap
// (Chromium spills them to disk), so a multi-gigabyte backup does not have to fit in the page's memory.
const FOLD_BYTES = 16 * 1024 * 1024;

/** Reads the streamed backup as it arrives, reporting the bytes so far. */
async function receive(response: Response, onProgress: (bytes: number) => void): Promise<Blob> {
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending.push(value);
    pendingBytes += value.byteLength;
    total += value.byteLength;
    onProgress(total);
    if (pendingBytes >= FOLD_BYTES) {
      parts.push(new Blob(pending as BlobPart[]));
      pending = [];
      pendingBytes = 0;
    }
  }
  parts.push(new Blob(pending as BlobPart[]));
  return new Blob(parts, { type: "application/octet-stream" });
}

/** "Download a backup now": POST /api/admin/backup, streamed (it can take minutes on a large install). */
export function BackupDownloadCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useLanguage();
  const queryClient = useQueryClient();
  const [received, setReceived] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async () => {
    setFailure(null);
    setReceived(0);
    try {
      const csrf = queryClient.getQueryData<Session | null>(sessionKey)?.csrf_token;
      const response = await fetch("/api/admin/backup", {
        method: "POST",
        credentials: "same-origin",
        headers: { "accept-language": language, ...(csrf ? { "x-csrf-token": csrf } : {}) },
      });
      if (!response.ok) throw await problemOf(response);
      const name = downloadName(response.headers.get("content-disposition"), "keduo-backup.kdbackup");
      saveBlob(await receive(response, setReceived), name);
      message.success(t("backups.download.done", { name }));
    } catch (error) {
      const reason =
        error instanceof ProblemError
          ? error.detail || error.title
          : (error as Error).message || String(error);
      setFailure(t("backups.download.failed", { reason }));
    } finally {
      setReceived(null);
    }
  };

  return (
    <Card title={t("backups.download.title")} size="small" data-testid="backup-download-card">
      <Flex vertical gap={12} align="flex-start">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("backups.download.intro")}
        </Typography.Paragraph>
        <Button
          icon={<DownloadOutlined />}
          onClick={run}
          loading={received !== null}
          data-testid="backup-download"
        >
          {t("backups.download.button")}
        </Button>
        {received !== null ? (
          <Typography.Text type="secondary" data-testid="backup-progress">
            {t("backups.download.running", { size: formatFileSize(received, language) })}
          </Typography.Text>
        ) : null}
        {failure ? <Alert type="error" showIcon title={failure} data-testid="backup-download-error" /> : null}
      </Flex>
    </Card>
  );
}
