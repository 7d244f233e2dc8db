import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './locales/de';
import { en } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';

export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every visible word goes through i18next; catalogs are bundled so the kiosk works offline. */
export function createI18n(language: Language = 'en') {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr }, de: { translation: de }, es: { translation: es } },
    interpolation: { escapeValue: false },
    initAsync: false,
    // i18next prints an advertisement on first use otherwise, into every test run's output.
    showSupportNotice: false,
  });
  // Screen readers and hyphenation follow the page's language.
  instance.on('languageChanged', (language) => {
    if (typeof document !== 'undefined') document.documentElement.lang = language;
  });
  return instance;
}

/** Prices as the visitor's language writes them: "€15.00", "15,00 €". */
export function formatPrice(price: string, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(Number(price));
}
