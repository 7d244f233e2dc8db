import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

type PageOf<T> = Record<string, T[]> & { next: number | null };

/** A newest-first list the registry sends a page at a time; `more` fetches the next page, when there is one. */
export function usePaged<T>(path: string, key: string, onRefused: (error: unknown) => void) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refused = useCallback(
    (failure: unknown) => {
      onRefused(failure);
      setError(failure);
    },
    [onRefused],
  );

  useEffect(() => {
    api<PageOf<T>>('GET', path).then((page) => {
      setItems(page[key] ?? []);
      setNext(page.next);
    }, refused);
  }, [path, key, refused]);

  const more = (before: number) =>
    api<PageOf<T>>('GET', `${path}?before=${before}`).then((page) => {
      setItems((shown) => [...(shown ?? []), ...(page[key] ?? [])]);
      setNext(page.next);
    }, refused);

  return { items, error, more: next === null ? null : () => void more(next) };
}
