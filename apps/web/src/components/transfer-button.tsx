import { SwapOutlined } from "@ant-design/icons";
import { App, Button, Form, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../api/http-client.ts";
import type { ObjectMeta } from "../api/types.ts";
import { problemMessage } from "./error-result.tsx";
import { UserSelect } from "./user-select.tsx";

/**
 * Gives records a new owner (转移负责人), one or many at once, for users with the transfer right: the server
 * checks the right again and moves all of them or none. No owner puts them back in the pool.
 */
export function TransferButton({
  object,
  ids,
  currentOwner,
  size,
  allowed,
  onDone,
}: {
  object: ObjectMeta;
  ids: string[];
  currentOwner?: string | null;
  size?: "small" | "middle";
  /** Whether the user may transfer these records (a record page knows per record); else the object's right. */
  allowed?: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState<string | null>(currentOwner ?? null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (!(allowed ?? object.my_permissions.transfer)) return null;

  const transfer = async () => {
    setSaving(true);
    setProblem(null);
    try {
      await http.post(`/api/records/${object.api_name}/transfer`, { ids, owner_id: owner });
      message.success(t("transfer.done", { count: ids.length }));
      setOpen(false);
      onDone();
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button
        size={size}
        icon={<SwapOutlined />}
        onClick={() => {
          setOwner(currentOwner ?? null);
          setProblem(null);
          setOpen(true);
        }}
        data-testid="transfer"
      >
        {t("transfer.action")}
      </Button>
      <Modal
        open={open}
        title={t("transfer.title", { count: ids.length })}
        onCancel={() => setOpen(false)}
        onOk={() => void transfer()}
        okText={t("transfer.ok")}
        cancelText={t("common.cancel")}
        confirmLoading={saving}
        okButtonProps={{ ...({ "data-testid": "transfer-ok" } as Record<string, string>) }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t("transfer.newOwner")} help={owner ? undefined : t("transfer.toPool")}>
            <UserSelect value={owner} onChange={setOwner} />
          </Form.Item>
        </Form>
        {problem ? (
          <Typography.Text type="danger" data-testid="transfer-problem">
            {problem}
          </Typography.Text>
        ) : null}
      </Modal>
    </>
  );
}
