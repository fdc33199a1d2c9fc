import { useTranslation } from "react-i18next";
import type { RecordList } from "../../api/types.ts";
import { useLanguage } from "../../i18n/index.ts";
import { totalFigure } from "../../lib/list-total.ts";

/** "共 1,234 条" or, above the server's exact-count limit, "约 124,000 条"; null when the page has no total. */
export function useListTotal(first: RecordList | undefined): string | null {
  const { t } = useTranslation();
  const language = useLanguage();
  if (first?.total === undefined) return null;
  const estimated = first.total_estimated === true;
  const total = totalFigure(first.total, estimated, language);
  return t(estimated ? "list.totalEstimated" : "list.total", { total });
}
