import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ConsoleApp } from './ConsoleApp';
import { createConsoleI18n, preferredLanguage } from './i18n';
import './console.css';

const i18n = createConsoleI18n(preferredLanguage(navigator.languages));

createRoot(document.getElementById('root')!).render(
  <I18nextProvider i18n={i18n}>
    <ConsoleApp />
  </I18nextProvider>,
);
