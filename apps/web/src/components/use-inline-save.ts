import { App, type FormInstance } from "antd";
import { type KeyboardEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../api/problem.ts";
import { updateRecord } from "../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { toFormValue } from "../lib/record-values.ts";
import { problemMessage } from "./error-result.tsx";

const blank = (value: unknown) =>
  value === "" || value === undefined || (Array.isArray(value) && value.length === 0);

/** A picker's list is open (select, date): Enter belongs to it, not to saving. */
const popupOpen = () =>
  document.querySelector(
    ".ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-picker-dropdown:not(.ant-picker-dropdown-hidden)",
  ) !== null;

/**
 * Saving one field in place (a list cell, a field of the record page): just that field with the record's
 * version (If-Match). Enter saves and Escape cancels; a value left as it was is not sent (nothing to write);
 * the server's field errors show under the input in the user's language; a 412 is explained and the typed
 * value stays while the record reloads.
 */
export function useInlineSave(options: {
  object: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  form: FormInstance;
  onClose: () => void;
  onSaved: (record: RecordData) => void;
  onConflict: () => void;
}) {
  const { object, field, record, form, onClose, onSaved, onConflict } = options;
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const next = form.getFieldValue(field.api_name);
    const value = blank(next) ? null : next;
    const before = toFormValue(field, record[field.api_name]);
    if (JSON.stringify(value) === JSON.stringify(blank(before) ? null : before)) {
      onClose();
      return;
    }
    setSaving(true);
    try {
      const saved = await updateRecord(object.api_name, record.id, record.version, {
        [field.api_name]: value,
      });
      message.success(t("common.saved"));
      onClose();
      onSaved(saved);
    } catch (error) {
      if (isProblem(error) && error.code === "RECORD_VERSION_CONFLICT") {
        modal.confirm({
          title: t("errors.conflictTitle"),
          content: t("errors.conflictDetail", {
            yours: record.version,
            current: Number(error.body.current_version ?? 0),
          }),
          okText: t("errors.conflictReload"),
          cancelText: t("common.cancel"),
          onOk: () => onConflict(),
        });
      } else {
        const messages = isProblem(error) ? error.errors.map((e) => e.message) : [];
        form.setFields([
          { name: field.api_name, errors: messages.length ? messages : [problemMessage(error, t)] },
        ]);
      }
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !popupOpen()) onClose();
    else if (
      event.key === "Enter" &&
      !event.shiftKey &&
      !(event.target instanceof HTMLTextAreaElement) &&
      !(event.target instanceof HTMLElement && event.target.isContentEditable) &&
      !popupOpen()
    ) {
      event.preventDefault();
      void save();
    }
  };

  return { save, saving, onKeyDown };
}
