import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/locales/de';
import { en } from '../../renderer/locales/en';
import { es } from '../../renderer/locales/es';
import { fr } from '../../renderer/locales/fr';
import { de as consoleDe } from '../../renderer/registry-console/locales/de';
import { en as consoleEn } from '../../renderer/registry-console/locales/en';
import { es as consoleEs } from '../../renderer/registry-console/locales/es';
import { fr as consoleFr } from '../../renderer/registry-console/locales/fr';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

// The kiosk's catalogs, and the registry's coordinator console's own.
describe.each([
  ['kiosk de', en, de],
  ['kiosk fr', en, fr],
  ['kiosk es', en, es],
  ['coordinator console de', consoleEn, consoleDe],
  ['coordinator console fr', consoleEn, consoleFr],
  ['coordinator console es', consoleEn, consoleEs],
])('the %s catalog', (_name, source, catalog) => {
  const english = flatten(source as Tree);
  const words = flatten(catalog as Tree);

  it('has every key the English one has, and no other', () => {
    expect([...words.keys()].filter((key) => !english.has(key))).toEqual([]);
    expect([...english.keys()].filter((key) => !words.has(key))).toEqual([]);
  });

  it('says something for every key', () => {
    expect([...words].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  // A translation that drops {{name}} greets "Welcome, " ; one that invents {{nme}} shows the braces.
  it('fills in the same blanks as the English words', () => {
    const differing = [...english]
      .filter(([key, text]) => words.has(key) && placeholders(words.get(key) ?? '').join() !== placeholders(text).join())
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });
});
