import type { ConversionDefinition } from "@keduo/core";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Flex, Modal, Skeleton, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  type ConversionCheckTarget,
  type ConversionChoice,
  convertRecord,
  useConversionCheck,
} from "../../api/conversion.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { recordKey, recordsKey } from "../../api/records.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { ErrorResult, problemMessage } from "../error-result.tsx";
import { ConversionTargetCard, type TargetDraft } from "./conversion-target-card.tsx";

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The request's choice for one target: only the values the user changed travel (the mapping fills the rest). */
function choiceOf(draft: TargetDraft, start: Record<string, unknown>): ConversionChoice {
  if (draft.mode === "skip") return { action: "skip" };
  if (draft.mode === "attach" && draft.attachId) return { action: "attach", id: draft.attachId };
  const values = Object.fromEntries(
    Object.entries(draft.values).flatMap(([field, value]) =>
      same(value, start[field]) ? [] : [[field, value === "" || value === undefined ? null : value]],
    ),
  );
  return Object.keys(values).length ? { action: "create", values } : { action: "create" };
}

/** Problems by target key, the field made relative to the target; the rest (the source, the request) apart. */
function splitProblems(error: unknown, keys: string[]) {
  const byTarget = new Map<string, { field: string; code: string; message: string }[]>();
  const general: string[] = [];
  if (!isProblem(error)) return { byTarget, general };
  for (const problem of error.errors) {
    const match = /^targets\.([^.]+)(?:\.(.+))?$/.exec(problem.field);
    if (match && keys.includes(match[1]!)) {
      const list = byTarget.get(match[1]!) ?? [];
      list.push({ ...problem, field: match[2] ?? "" });
      byTarget.set(match[1]!, list);
    } else general.push(problem.message);
  }
  if (error.errors.length === 0) general.push(error.detail || error.title);
  return { byTarget, general };
}

/** Lead → account + contact (+ opportunity) in one step: duplicates offered for attaching, optional targets skipped. */
export function ConvertDialog({
  open,
  onClose,
  definition,
  object,
  objects,
  id,
  title,
}: {
  open: boolean;
  onClose: () => void;
  definition: ConversionDefinition;
  object: ObjectMeta;
  objects: ObjectMeta[];
  id: string;
  title: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const check = useConversionCheck(object.api_name, id, open);
  const [drafts, setDrafts] = useState<Record<string, TargetDraft>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const checked = check.data;
  const starts = new Map<string, ConversionCheckTarget>((checked ?? []).map((c) => [c.key, c]));

  useEffect(() => {
    if (!checked) return;
    setError(null);
    setDrafts(
      Object.fromEntries(
        checked.map((c) => [
          c.key,
          { mode: "create", attachId: null, values: { ...c.values } } as TargetDraft,
        ]),
      ),
    );
  }, [checked]);

  const keys = definition.targets.map((target) => target.key);
  const { byTarget, general } = splitProblems(error, keys);

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const choices = Object.fromEntries(
        definition.targets.map((target) => [
          target.key,
          choiceOf(drafts[target.key]!, starts.get(target.key)?.values ?? {}),
        ]),
      );
      const result = await convertRecord(object.api_name, id, choices);
      const parts = definition.targets.flatMap((target) => {
        if (!result.records[target.key]) return [];
        const objectLabel = label(objects.find((o) => o.api_name === target.object)?.labels ?? target.labels);
        const key = result.created.includes(target.key) ? "createdPart" : "attachedPart";
        return [t(`conversion.${key}`, { object: objectLabel })];
      });
      message.success(t("conversion.converted", { what: parts.join(t("conversion.partSeparator")) }));
      for (const target of [object.api_name, ...definition.targets.map((x) => x.object)])
        void queryClient.invalidateQueries({ queryKey: recordsKey(target) });
      void queryClient.invalidateQueries({ queryKey: recordKey(object.api_name, id) });
      onClose();
      const first = definition.targets.find((target) => result.records[target.key]);
      if (first) navigate(`/o/${first.object}/${result.records[first.key]}`);
    } catch (failure) {
      if (isProblem(failure) && failure.status >= 400 && failure.status < 500 && failure.errors.length) {
        setError(failure);
        message.error(t("conversion.failed"));
        // The first problem may sit below the fold of a long dialog: bring it into view.
        requestAnimationFrame(() =>
          document
            .querySelector(
              "[data-testid=convert-dialog-body] :is(.ant-form-item-has-error, .ant-alert-error)",
            )
            ?.scrollIntoView({ block: "center", behavior: "smooth" }),
        );
      } else message.error(problemMessage(failure, t));
    } finally {
      setSaving(false);
    }
  };

  const objectLabel = label(object.labels);
  const ready = checked && definition.targets.every((target) => drafts[target.key]);
  const body = check.error ? (
    <ErrorResult error={check.error} onRetry={() => check.refetch()} />
  ) : !ready ? (
    <Skeleton active aria-label={t("conversion.checking")} />
  ) : (
    <Flex vertical gap={12} data-testid="convert-dialog-body">
      <Typography.Text type="secondary">{t("conversion.intro", { object: objectLabel })}</Typography.Text>
      {general.length ? (
        <Alert type="error" showIcon title={general.join(" ")} data-testid="convert-error" />
      ) : null}
      {definition.targets.map((target) => {
        const targetObject = objects.find((o) => o.api_name === target.object);
        if (!targetObject) return null;
        const linkedLabels = Object.values(target.links ?? {}).flatMap((key) => {
          const linked = definition.targets.find((x) => x.key === key);
          return linked && drafts[key]?.mode !== "skip" ? [label(linked.labels)] : [];
        });
        return (
          <ConversionTargetCard
            key={target.key}
            target={target}
            check={starts.get(target.key)}
            object={targetObject}
            draft={drafts[target.key]!}
            onChange={(draft) => setDrafts((all) => ({ ...all, [target.key]: draft }))}
            problems={byTarget.get(target.key) ?? []}
            linkedLabels={[...new Set(linkedLabels)]}
          />
        );
      })}
    </Flex>
  );
  const heading = t("conversion.title", { object: objectLabel, title });
  const footer = (
    <Flex justify="flex-end" gap={8}>
      <Button onClick={onClose}>{t("conversion.cancel")}</Button>
      <Button type="primary" loading={saving} disabled={!ready} onClick={submit} data-testid="convert-submit">
        {t("conversion.submit")}
      </Button>
    </Flex>
  );

  if (isPhone) {
    return (
      <Drawer
        open={open}
        onClose={onClose}
        placement="bottom"
        size="92%"
        title={heading}
        footer={footer}
        destroyOnHidden
        data-testid="convert-dialog"
      >
        {body}
      </Drawer>
    );
  }
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={heading}
      footer={footer}
      width={760}
      destroyOnHidden
      data-testid="convert-dialog"
      styles={{ body: { maxHeight: "70vh", overflowY: "auto", paddingRight: 4 } }}
    >
      {body}
    </Modal>
  );
}
