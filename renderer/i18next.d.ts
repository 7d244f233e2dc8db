import 'i18next';
import type { en } from './locales/en';

// t() takes only keys the English catalog has: a missing or misspelt key does not compile.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
