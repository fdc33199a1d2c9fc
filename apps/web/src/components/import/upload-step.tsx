import { InboxOutlined } from "@ant-design/icons";
import { Alert, Flex, Spin, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ImportRunView, uploadImport } from "../../api/imports.queries.ts";
import { problemMessage } from "../error-result.tsx";

/**
 * Step 1: the file. The server checks it at once (type, size, zip bombs, row cap) and answers a refusal as
 * problem+json in the user's language, shown here as is.
 */
export function UploadStep(props: { object: string; onUploaded: (run: ImportRunView) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setBusy(file.name);
    setError(null);
    try {
      props.onUploaded(await uploadImport(props.object, file));
    } catch (failure) {
      setError(t("imports.upload.failed", { reason: problemMessage(failure, t) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Spin
        spinning={Boolean(busy)}
        description={busy ? t("imports.upload.uploading", { name: busy }) : undefined}
      >
        <Upload.Dragger
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={Boolean(busy)}
          // The wizard sends the file itself (raw body, like every other upload of the app).
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <Typography.Paragraph strong style={{ marginBottom: 4 }}>
            {t("imports.upload.drop")}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ margin: "0 16px" }}>
            {t("imports.upload.hint")}
          </Typography.Paragraph>
        </Upload.Dragger>
      </Spin>
      {error ? <Alert type="error" showIcon title={error} data-testid="import-upload-error" /> : null}
    </Flex>
  );
}
