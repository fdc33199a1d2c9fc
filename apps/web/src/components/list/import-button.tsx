import { UploadOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** Opens the import wizard of this object (only offered to users who may create its records). */
export function ImportButton(props: { object: string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to={`/o/${encodeURIComponent(props.object)}/import`}>
      <Button icon={<UploadOutlined />} aria-label={t("imports.button")} data-testid="import-open">
        {props.compact ? null : t("imports.button")}
      </Button>
    </Link>
  );
}
