import { UploadOutlined } from "@ant-design/icons";
import { App, Button, Upload, type UploadFile } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadFile } from "../api/records.queries.ts";
import type { StoredFile } from "../api/types.ts";
import { problemMessage } from "./error-result.tsx";

/** Uploads each file at once (POST /api/files); the field's value is the list of stored files. */
export function AttachmentInput({
  value,
  onChange,
  disabled,
  maxFiles,
  id,
}: {
  value?: StoredFile[] | null;
  onChange?: (value: StoredFile[] | null) => void;
  disabled?: boolean;
  maxFiles?: number;
  id?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const files = value ?? [];
  // Several uploads may finish in any order: each adds to the latest list, not to the one it started with.
  const latest = useRef(files);
  latest.current = files;
  const [uploading, setUploading] = useState(0);
  const fileList: UploadFile[] = files.map((file) => ({
    uid: file.id,
    name: file.name ?? file.id,
    status: "done",
    url: `/api/files/${file.id}`,
  }));

  return (
    <Upload
      id={id}
      multiple
      disabled={disabled}
      fileList={fileList}
      customRequest={async ({ file }) => {
        const upload = file as File;
        if (maxFiles && latest.current.length >= maxFiles) return;
        setUploading((n) => n + 1);
        try {
          const stored = await uploadFile(upload);
          const next = [...latest.current.filter((f) => f.id !== stored.id), stored];
          latest.current = next;
          onChange?.(next);
        } catch (error) {
          message.error(`${t("fields.uploadFailed", { name: upload.name })} ${problemMessage(error, t)}`);
        } finally {
          setUploading((n) => n - 1);
        }
      }}
      onRemove={(file) => {
        const next = latest.current.filter((f) => f.id !== file.uid);
        latest.current = next;
        onChange?.(next.length ? next : null);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} disabled={disabled} loading={uploading > 0}>
        {uploading > 0 ? t("fields.uploading") : t("fields.upload")}
      </Button>
    </Upload>
  );
}
