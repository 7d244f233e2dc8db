import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { de } from './locales/de';
import { en, type Catalog } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';

export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The browser's first language the console speaks, else English. */
export function preferredLanguage(wanted: readonly string[]): Language {
  for (const tag of wanted) {
    const base = tag.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** The console's own catalogs (the kiosk's stay out of its bundle), bundled so nothing loads late. */
export function createConsoleI18n(language: Language) {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, de: { translation: de }, es: { translation: es } },
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = language;
  instance.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return instance;
}

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A key of the console's catalog: a misspelt one does not compile. */
export type WordKey = Leaves<Catalog>;

/** t() over the console's catalog (the project's i18next types describe the kiosk's). */
export function useWords() {
  const { t, i18n } = useTranslation();
  const say = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return { t: (key: WordKey, values?: Record<string, unknown>) => say(key, values), i18n };
}
