import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** "供应商 · 客多": the browser tab and history show where the user is. */
export function useDocumentTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const app = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
    // Leaving a page (the login page, say) never leaves its title on the next one.
    return () => {
      document.title = app;
    };
  }, [title, app]);
}
