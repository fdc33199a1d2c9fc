import { NodeIndexOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isConverted, useConversionDefinition } from "../../api/conversion.queries.ts";
import type { ObjectMeta, RecordData } from "../../api/types.ts";
import { ConvertDialog } from "./convert-dialog.tsx";

/**
 * "转化" on the record page of an object that converts into others; hidden once the record is converted or when
 * the user may not edit it (converting writes the record's status and links).
 */
export function ConvertButton({
  object,
  objects,
  record,
  title,
  canEdit,
}: {
  object: ObjectMeta;
  objects: ObjectMeta[];
  record: RecordData;
  title: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const definition = useConversionDefinition(object.api_name);
  const [open, setOpen] = useState(false);
  if (!definition.data || !canEdit || isConverted(definition.data, record)) return null;
  return (
    <>
      <Button icon={<NodeIndexOutlined />} onClick={() => setOpen(true)} data-testid="convert-record">
        {t("conversion.open")}
      </Button>
      {open ? (
        <ConvertDialog
          open={open}
          onClose={() => setOpen(false)}
          definition={definition.data}
          object={object}
          objects={objects}
          id={record.id}
          title={title}
        />
      ) : null}
    </>
  );
}
