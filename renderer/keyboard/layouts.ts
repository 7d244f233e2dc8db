import english from 'simple-keyboard-layouts/build/layouts/english';
import french from 'simple-keyboard-layouts/build/layouts/french';
import german from 'simple-keyboard-layouts/build/layouts/german';
import spanish from 'simple-keyboard-layouts/build/layouts/spanish';
import type { Language } from '../i18n';

/** simple-keyboard's layouts: rows of space-separated keys, `{name}` for a function key. */
export type KeyboardLayout = { default: string[]; shift: string[]; caps: string[] };
export type LayoutName = keyof KeyboardLayout;

/** Each kiosk language's national layout: QWERTY, AZERTY, QWERTZ, Spanish QWERTY. */
const NATIONAL = { en: english, fr: french, de: german, es: spanish } as const;

/** A kiosk has no Tab, no Enter (the form has its own buttons) and no dead keys: accents come from a long press. */
const DROPPED = new Set(['{tab}', '{enter}', '.com', '´', '¨', '^', '`']);
const isDeadKey = (key: string) => /^\p{M}$/u.test(key);
const isLetter = (key: string) => /^\p{L}$/u.test(key) && key.toUpperCase().length === 1;

/** One row without the keys a kiosk does not need, and without a second Shift (one Shift, one name). */
function kioskRow(row: string): string {
  const keys = row.split(' ').filter((key) => key !== '' && !DROPPED.has(key) && !isDeadKey(key));
  return keys.filter((key, at) => key !== '{shift}' || keys.indexOf(key) === at).join(' ');
}

/** The national layout as a kiosk shows it; the last row is '@' and a wide Space in every language. */
export function textLayout(language: Language): KeyboardLayout {
  const national = NATIONAL[language].layout;
  const rows = (name: 'default' | 'shift') => [...national[name]!.slice(0, 4).map(kioskRow), '@ {space}'];
  const base = rows('default');
  // Caps lock capitalises letters only: digits stay digits.
  const caps = base.map((row) =>
    row
      .split(' ')
      .map((key) => (isLetter(key) ? key.toUpperCase() : key))
      .join(' '),
  );
  return { default: base, shift: rows('shift'), caps };
}

/** For an email address: digits, the language's letters in its own order, and the characters addresses use. */
export function emailLayout(language: Language): KeyboardLayout {
  const national = NATIONAL[language].layout.default!;
  const letters = national.slice(1, 4).map((row) =>
    row
      .split(' ')
      .filter((key) => /^[a-z]$/.test(key))
      .join(' '),
  );
  const rows = ['1 2 3 4 5 6 7 8 9 0 {bksp}', ...letters, '@ . _ - +'];
  return { default: rows, shift: rows, caps: rows };
}

/** Digits for a count or a PIN; with `decimal`, the point a value like 0.5 needs (the service reads only '.'). */
export function numberLayout(decimal: boolean): KeyboardLayout {
  const rows = ['1 2 3', '4 5 6', '7 8 9', decimal ? '. 0 {bksp}' : '0 {bksp}'];
  return { default: rows, shift: rows, caps: rows };
}

/** A docked keyboard ends its last row with Done, which puts it away. */
export function withDone(layout: KeyboardLayout): KeyboardLayout {
  const done = (rows: string[]) => [...rows.slice(0, -1), `${rows.at(-1)} {done}`];
  return { default: done(layout.default), shift: done(layout.shift), caps: done(layout.caps) };
}

/** Every key a layout shows, once each. */
export function keysOf(layout: KeyboardLayout): string[] {
  return [...new Set(Object.values(layout).flatMap((rows: string[]) => rows.flatMap((row) => row.split(' '))))];
}
