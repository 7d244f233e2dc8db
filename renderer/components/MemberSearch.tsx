import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../core/api';
import type { MemberMatch } from '../../core/api/desk';
import { errorText } from '../error-message';
import { OnScreenKeyboard } from './OnScreenKeyboard';

const MIN_QUERY = 2;

/**
 * Finds a member of the visa list as staff type, on the screen's keyboard or a real one; picking one is the next step.
 * `initialQuery` (a badge number that fits several members) is searched for at once.
 */
export function MemberSearch(props: { api: KioskApi; onPick: (member: MemberMatch) => void; initialQuery?: string }) {
  const { t } = useTranslation();
  const { api } = props;
  const [initialQuery] = useState(props.initialQuery ?? '');
  const [query, setQuery] = useState(initialQuery);
  const field = useRef<HTMLInputElement>(null);
  const [matches, setMatches] = useState<MemberMatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Replies may cross while typing: only the answer to the latest query is shown.
  const latest = useRef(0);

  const search = useCallback(
    (next: string) => {
      const asked = ++latest.current;
      api.searchMembers({ query: next.trim() }).then(
        (found) => {
          if (asked !== latest.current) return;
          setMatches(found);
          setError(null);
        },
        (e: unknown) => asked === latest.current && setError(errorText(t, e)),
      );
    },
    [api, t],
  );
  const change = (next: string) => {
    setQuery(next);
    if (next.trim().length >= MIN_QUERY) return search(next);
    latest.current++;
    setMatches(null);
  };
  useEffect(() => {
    if (initialQuery.trim().length >= MIN_QUERY) search(initialQuery);
  }, [initialQuery, search]);

  return (
    <div className="member-search">
      <label>
        {t('search.label')}
        <input ref={field} type="search" value={query} autoComplete="off" spellCheck={false} autoFocus onChange={(e) => change(e.target.value)} />
      </label>
      {matches === null && <p className="hint">{t('search.hint')}</p>}
      {error && <p role="alert">{error}</p>}
      {matches?.length === 0 && <p role="status">{t('search.none')}</p>}
      {matches && matches.length > 0 && (
        <ul className="matches" aria-label={t('search.results')}>
          {matches.map((m) => (
            <li key={m.id}>
              <button type="button" className="match" onClick={() => props.onPick(m)}>
                <strong>{m.name}</strong> · {m.spaceName ?? m.space}
                {m.status !== 'active' && <> · {t(`memberStatus.${m.status}`)}</>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="keyboard-dock">
        <OnScreenKeyboard text={query} onText={change} field={field} />
      </div>
    </div>
  );
}
