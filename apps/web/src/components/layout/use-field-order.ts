import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { reorderFields } from "../../api/layouts.queries.ts";
import { objectsKey } from "../../api/metadata.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { visibleFields } from "../../lib/metadata.ts";
import { problemMessage } from "../error-result.tsx";

/**
 * An object's fields in order, and `move(from, to)` to change it: the list shows the new order at once
 * while one PUT saves it, then the metadata is reloaded; on an error the server's order comes back.
 */
export function useFieldOrder(object: ObjectMeta): {
  fields: FieldMeta[];
  move: (from: number, to: number) => Promise<void>;
  saving: boolean;
} {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const server = visibleFields(object);
  const [pending, setPending] = useState<string[] | null>(null);
  const byName = new Map(server.map((f) => [f.api_name, f]));
  const fields = pending ? pending.flatMap((name) => byName.get(name) ?? []) : server;

  const move = async (from: number, to: number) => {
    if (from === to || to < 0 || to >= fields.length) return;
    const names = fields.map((f) => f.api_name);
    const [moved] = names.splice(from, 1);
    names.splice(to, 0, moved!);
    setPending(names);
    try {
      await reorderFields(object.api_name, names);
      await queryClient.invalidateQueries({ queryKey: objectsKey });
      message.success(t("layouts.fieldOrder.saved"));
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setPending(null);
    }
  };
  return { fields, move, saving: pending !== null };
}
