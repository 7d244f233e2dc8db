import { ApiError } from './api';
import { useWords } from './i18n';

/** A refusal in the coordinator's language when the console knows it, else the registry's own sentence. */
export function ErrorLine({ error }: { error: unknown }) {
  const { t } = useWords();
  if (error === null || error === undefined) return null;
  let text = String(error);
  if (error instanceof ApiError) {
    if (error.code === 'unreachable') text = t('errors.unreachable');
    else if (error.code === 'cross_site') text = t('errors.crossSite');
    else if (error.code === 'wrong_password') text = t('signIn.wrongPassword');
    else if (error.code === 'wait') text = t('signIn.wait', { seconds: error.retryAfter ?? 1 });
    else text = error.message.charAt(0).toUpperCase() + error.message.slice(1) + '.';
  }
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}
