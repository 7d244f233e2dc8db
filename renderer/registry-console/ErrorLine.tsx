import { ApiError } from './api';
import { useWords } from './i18n';
import { en } from './locales/en';

/** The registry's refusal codes the console has words for; any other is quoted in the registry's English sentence. */
const REFUSALS = en.refusals;

/** A refusal in the coordinator's language, by the registry's code; an unknown code quotes the registry's own sentence. */
export function ErrorLine({ error }: { error: unknown }) {
  const { t } = useWords();
  if (error === null || error === undefined) return null;
  let text = String(error);
  if (error instanceof ApiError) {
    if (error.code === 'unreachable') text = t('errors.unreachable');
    else if (error.code === 'cross_site') text = t('errors.crossSite');
    else if (error.code === 'wrong_password') text = t('signIn.wrongPassword');
    else if (error.code === 'wait') text = t('signIn.wait', { seconds: error.retryAfter ?? 1 });
    else if (error.code in REFUSALS) text = t(`refusals.${error.code as keyof typeof REFUSALS}`);
    else text = t('refusals.other', { sentence: error.message });
  }
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
