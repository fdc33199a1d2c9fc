import { Drawer } from "antd";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { RecordForm } from "../record-form.tsx";

export interface RelatedDraft {
  object: ObjectMeta;
  /** The relation field on `object` that links the new record to this one. */
  via: string;
}

/** The app's record form in a drawer, for a new related record (a task, an opportunity …) linked to this one. */
export function CreateRelatedDrawer({
  draft,
  recordId,
  onClose,
  onSaved,
}: {
  draft: RelatedDraft | null;
  recordId: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={draft !== null}
      onClose={onClose}
      size={isPhone ? "100%" : 640}
      title={draft ? t("record.createTitle", { object: label(draft.object.labels) }) : null}
      destroyOnHidden
      styles={{ body: { paddingBottom: 0 } }}
      data-testid="create-related"
    >
      {draft ? (
        <RecordForm
          key={`${draft.object.api_name}:${draft.via}`}
          object={draft.object}
          prefill={{ [draft.via]: recordId }}
          onSaved={onSaved}
          onCancel={onClose}
        />
      ) : null}
    </Drawer>
  );
}
