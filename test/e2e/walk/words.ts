import { de } from '../../../renderer/locales/de';
import { en } from '../../../renderer/locales/en';
import { es } from '../../../renderer/locales/es';
import { fr } from '../../../renderer/locales/fr';

export const CATALOGS = { en, de, fr, es } as const;
export type Language = keyof typeof CATALOGS;

type Tree = { [key: string]: string | Tree };

/** The catalog's words for `key` in `language`, blanks filled, as the screen shows them. */
export function words(language: Language, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree = CATALOGS[language] as Tree;
  for (const part of key.split('.')) {
    if (typeof node === 'string' || !(part in node)) throw new Error(`no words for ${key} in ${language}`);
    node = node[part] as string | Tree;
  }
  if (typeof node !== 'string') throw new Error(`${key} in ${language} is a group, not words`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** The words for `key` with every blank matching anything: for a count that changes as the screen is read. */
export function wordsPattern(language: Language, key: string): RegExp {
  const escaped = words(language, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\\\{\\\{\w+\\\}\\\}/g, '.+?'));
}
