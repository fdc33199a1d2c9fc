import {
  type ConversionDuplicate,
  type ConversionTarget,
  type MetadataSnapshot,
  normalizeCompanyName,
  normalizePhone,
} from "@keduo/core";
import { type AccessContext, restrictModel } from "../access/index.ts";
import { objectModel } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";

type FieldType = string | undefined;

/** A value reduced to what two spellings of the same thing share. */
function normalized(type: FieldType, value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  if (type === "phone") return normalizePhone(value) || null;
  if (type === "email") return value.trim().toLowerCase();
  return normalizeCompanyName(value) || null;
}

/** The list filter that finds candidates in SQL; the exact comparison happens on the few rows it returns. */
function candidateCondition(field: string, type: FieldType, key: string) {
  if (type === "phone" || type === "email")
    return { [field]: { contains: type === "phone" ? key.slice(-8) : key } };
  return { [field]: { contains: key } };
}

/**
 * Records of the target's object the reader may read whose match fields hold the same value as the mapped
 * one (company names, phones and emails compared normalised): one list statement per target.
 */
export async function findDuplicates(
  reads: RecordsService["reads"],
  access: AccessContext,
  snapshot: MetadataSnapshot,
  target: ConversionTarget,
  values: Record<string, unknown>,
): Promise<ConversionDuplicate[]> {
  const object = snapshot.objects.get(target.object);
  if (!object || !access.permissions.object(target.object).read) return [];
  const typeOf = (name: string) => object.fields.find((f) => f.apiName === name)?.type;
  const readable = restrictModel(objectModel(object), access).queryable;
  const keys = (target.match ?? []).flatMap((field) => {
    if (!readable.has(field)) return [];
    const key = normalized(typeOf(field), values[field]);
    return key ? [{ field, key }] : [];
  });
  if (keys.length === 0) return [];
  const display =
    object.displayField && readable.has(object.displayField) ? object.displayField : keys[0]!.field;
  const fields = [...new Set([display, ...keys.map((k) => k.field)])];
  const list = await reads.list(
    target.object,
    {
      filter: {
        or: keys.map(({ field, key }) => candidateCondition(field, typeOf(field), key)),
      },
      fields,
      limit: 20,
    },
    access,
  );
  return list.records.flatMap((row) => {
    const matched = keys
      .filter(({ field, key }) => normalized(typeOf(field), row[field]) === key)
      .map((k) => k.field);
    return matched.length
      ? [{ id: String(row.id), title: (row[display] as string | null) ?? null, matched }]
      : [];
  });
}
