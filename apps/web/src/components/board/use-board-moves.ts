import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import { updateRecord } from "../../api/records.queries.ts";
import type { RecordData } from "../../api/types.ts";
import { problemMessage } from "../error-result.tsx";
import { gateMessages, type PendingMove } from "./board-model.ts";

/** Why the server refused a card's last move: the gate's own words, in the user's language. */
export interface Refusal {
  stage: string;
  detail: string;
  messages: string[];
}

const without = <V>(map: ReadonlyMap<string, V>, id: string) => {
  const next = new Map(map);
  next.delete(id);
  return next;
};

/**
 * Moving cards between stages: the card shows in its new column at once (optimistic), the record is saved
 * with its version (If-Match) like every other edit, and the two columns and the totals reload. A move the
 * stage gates refuse puts the card back and leaves the unmet gates on it.
 */
export function useBoardMoves(options: {
  object: string;
  stageField: string;
  /** The query keys of a column and of the board's totals, to reload after a move. */
  columnKey: (stage: string) => readonly unknown[];
  totalsKey: readonly unknown[];
  stageLabel: (stage: string) => string;
  fieldLabel: (apiName: string) => string | undefined;
  titleOf: (record: RecordData) => string;
}) {
  const { object, stageField, columnKey, totalsKey, stageLabel, fieldLabel, titleOf } = options;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [moves, setMoves] = useState<ReadonlyMap<string, PendingMove>>(new Map());
  const [refusals, setRefusals] = useState<ReadonlyMap<string, Refusal>>(new Map());
  // A second drop of a card whose move is still on its way is ignored (it would send a stale version).
  const busy = useRef(new Set<string>());

  const reload = (keys: ReadonlyArray<readonly unknown[]>) =>
    Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey, exact: true })));

  const move = async (record: RecordData, from: string, to: string) => {
    if (from === to || busy.current.has(record.id)) return;
    busy.current.add(record.id);
    setRefusals((old) => without(old, record.id));
    setMoves((old) => new Map(old).set(record.id, { record, from, to }));
    try {
      await updateRecord(object, record.id, record.version, { [stageField]: to });
      const savedAt = Date.now();
      setMoves((old) => new Map(old).set(record.id, { record, from, to, savedAt }));
      message.success(t("board.moved", { title: titleOf(record), stage: stageLabel(to) }));
      await reload([columnKey(from), columnKey(to), totalsKey]);
    } catch (error) {
      if (isProblem(error) && error.code === "STAGE_GATE_FAILED") {
        const messages = gateMessages(error.errors, stageField, fieldLabel, (field, text) =>
          t("board.fieldMessage", { field, message: text }),
        );
        setRefusals((old) => new Map(old).set(record.id, { stage: to, detail: error.detail, messages }));
        message.error(t("board.refused", { stage: stageLabel(to) }));
      } else if (isProblem(error) && error.code === "RECORD_VERSION_CONFLICT") {
        message.warning(t("board.conflict"));
        void reload([columnKey(from)]);
      } else {
        message.error(problemMessage(error, t));
      }
      void reload([totalsKey]);
    } finally {
      busy.current.delete(record.id);
      setMoves((old) => without(old, record.id));
    }
  };

  const dismiss = useCallback((id: string) => setRefusals((old) => without(old, id)), []);

  return { moves, refusals, move, dismiss };
}
