import type { ConversionChoice, ConversionDefinition, ConversionDuplicate } from "@keduo/core";
import { useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";

export type { ConversionChoice, ConversionDefinition, ConversionDuplicate };

/** One target before converting: the values a new record would start with and the records it may duplicate. */
export interface ConversionCheckTarget {
  key: string;
  object: string;
  values: Record<string, unknown>;
  duplicates: ConversionDuplicate[];
}

export interface ConversionResult {
  /** Target key → the id of the record created or attached. */
  records: Record<string, string>;
  created: string[];
}

/** What an object's records convert into; null when they do not (no convert button). */
export function useConversionDefinition(object: string) {
  return useQuery({
    queryKey: ["meta", "conversion", object],
    queryFn: ({ signal }) =>
      http
        .get<{ conversion: ConversionDefinition | null }>(
          `/api/meta/objects/${object}/conversion`,
          undefined,
          signal,
        )
        .then((r) => r.conversion),
    staleTime: 60_000,
  });
}

/** Asked each time the dialog opens: duplicates change as colleagues work. */
export function useConversionCheck(object: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["conversion-check", object, id],
    queryFn: () =>
      http
        .post<{ targets: ConversionCheckTarget[] }>(`/api/records/${object}/${id}/convert/check`)
        .then((r) => r.targets),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

export const convertRecord = (object: string, id: string, targets: Record<string, ConversionChoice>) =>
  http.post<ConversionResult>(`/api/records/${object}/${id}/convert`, { targets });

/** Whether the record already shows what a conversion leaves on it (`set`, else a back link). */
export function isConverted(definition: ConversionDefinition, record: Record<string, unknown>): boolean {
  const set = Object.entries(definition.set ?? {});
  if (set.length > 0) return set.every(([field, value]) => record[field] === value);
  return Object.keys(definition.back_links ?? {}).some((field) => record[field] != null);
}
