import { DeleteOutlined, UndoOutlined } from "@ant-design/icons";
import { App, Button, Flex, Popconfirm } from "antd";
import { useTranslation } from "react-i18next";
import { http } from "../api/http-client.ts";
import { problemMessage } from "./error-result.tsx";

/**
 * Restore and permanent delete of one deleted record, through the record's own routes (the server checks
 * both again; what a user may not do answers with its reason). Permanent delete is offered only to those
 * who may do it, and asked for explicitly.
 */
export function RecycleBinActions({
  object,
  id,
  title,
  mayPurge,
  compact,
  onDone,
}: {
  object: string;
  id: string;
  /** How the record is named in the confirmation messages. */
  title: string;
  mayPurge: boolean;
  compact?: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = async (action: "restore" | "purge") => {
    try {
      const path = `/api/records/${encodeURIComponent(object)}/${id}`;
      if (action === "restore") await http.post(`${path}/restore`, {});
      else await http.delete(`${path}?permanent=true`);
      message.success(t(action === "restore" ? "recycleBin.restored" : "recycleBin.purged", { title }));
      onDone();
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Flex gap={8} wrap>
      <Button size="small" icon={<UndoOutlined />} onClick={() => void act("restore")} data-testid="restore">
        {t("recycleBin.restore")}
      </Button>
      {mayPurge ? (
        <Popconfirm
          title={t("recycleBin.purgeConfirm")}
          description={t("recycleBin.purgeDetail")}
          okText={t("recycleBin.purge")}
          okButtonProps={{ danger: true, ...({ "data-testid": "purge-ok" } as Record<string, string>) }}
          cancelText={t("common.cancel")}
          onConfirm={() => act("purge")}
        >
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={t("recycleBin.purge")}
            data-testid="purge"
          >
            {compact ? null : t("recycleBin.purge")}
          </Button>
        </Popconfirm>
      ) : null}
    </Flex>
  );
}
