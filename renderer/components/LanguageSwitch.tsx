import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

/** Each language named in itself, so a visitor finds theirs without reading the current one. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="languages" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button key={language} type="button" lang={language} aria-pressed={i18n.language === language} onClick={() => void i18n.changeLanguage(language)}>
          {t(`language.${language}`)}
        </button>
      ))}
    </nav>
  );
}
