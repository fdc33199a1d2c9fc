import { isLocale, type Locale, negotiateLocale, type Translatable } from "@keduo/core";
import i18n from "i18next";
import { useCallback } from "react";
import { initReactI18next, useTranslation } from "react-i18next";
import { en } from "./en.ts";
import { zhCN } from "./zh-cn.ts";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof zhCN };
  }
}

export const LANGUAGES: readonly Locale[] = ["zh-CN", "en"];

/** Before sign-in (and for users without a saved choice) the browser's languages decide; zh-CN is the default. */
export function browserLanguage(): Locale {
  return negotiateLocale(navigator.languages.join(","), "zh-CN");
}

export function currentLanguage(): Locale {
  return isLocale(i18n.language) ? i18n.language : "zh-CN";
}

void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  lng: browserLanguage(),
  fallbackLng: "zh-CN",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = currentLanguage();

export { i18n };

/** The UI language as a Locale, re-rendering on change. */
export function useLanguage(): Locale {
  const { i18n: instance } = useTranslation();
  return isLocale(instance.language) ? instance.language : "zh-CN";
}

/** Picks a translatable label in the UI language, falling back to the other language. */
export function pickLabel(label: Partial<Translatable> | null | undefined, language: Locale): string {
  if (!label) return "";
  return label[language] || label["zh-CN"] || label.en || "";
}

export function useLabel(): (label: Partial<Translatable> | null | undefined) => string {
  const language = useLanguage();
  return useCallback((label) => pickLabel(label, language), [language]);
}
