import { describe, expect, it } from 'vitest';
import { accentsOf } from '../../renderer/keyboard/accents';
import { deleteBack, insertAt } from '../../renderer/keyboard/edit';
import { emailLayout, keysOf, textLayout } from '../../renderer/keyboard/layouts';

const letters = (row: string) =>
  row
    .split(' ')
    .filter((key) => /^\p{L}$/u.test(key))
    .join('');

describe('on-screen keyboard layouts', () => {
  it('each kiosk language gets its national layout: QWERTY, QWERTZ, AZERTY, Spanish with ñ', () => {
    expect(letters(textLayout('en').default[1]!)).toBe('qwertyuiop');
    expect(letters(textLayout('de').default[1]!)).toBe('qwertzuiopü');
    expect(letters(textLayout('fr').default[1]!)).toBe('azertyuiop');
    expect(letters(textLayout('es').default[2]!)).toBe('asdfghjklñ');
  });

  it('in every language, names and emails can be typed: apostrophe, underscore, plus, hyphen, at, dot, space, digits', () => {
    for (const language of ['en', 'de', 'fr', 'es'] as const) {
      const keys = keysOf(textLayout(language));
      for (const needed of ["'", '_', '+', '-', '@', '.', '{space}', '{bksp}', '{shift}', '{lock}', ...'0123456789'])
        expect(keys, `${language} ${needed}`).toContain(needed);
    }
  });

  it('has no keys a kiosk form cannot use (Tab, Enter, dead accents), and one Shift per row', () => {
    for (const language of ['en', 'de', 'fr', 'es'] as const) {
      const layout = textLayout(language);
      const keys = keysOf(layout);
      for (const unwanted of ['{tab}', '{enter}', '.com', '´', '¨', '\u0301', '\u0308']) expect(keys, `${language} ${unwanted}`).not.toContain(unwanted);
      for (const row of [...layout.default, ...layout.shift]) expect(row.split(' ').filter((key) => key === '{shift}').length).toBeLessThanOrEqual(1);
    }
  });

  it('Caps lock capitalises the letters and keeps the digits', () => {
    const caps = textLayout('de').caps;
    expect(caps[0]).toContain('1 2 3');
    expect(letters(caps[1]!)).toBe('QWERTZUIOPÜ');
  });

  it('an email layout has the characters addresses use, the language’s letter order and no space', () => {
    const keys = keysOf(emailLayout('fr'));
    for (const needed of ['@', '.', '_', '-', '+', '{bksp}']) expect(keys).toContain(needed);
    expect(keys).not.toContain('{space}');
    expect(letters(emailLayout('fr').default[1]!)).toBe('azertyuiop');
  });
});

describe('accents on a long press', () => {
  it('offers the accented forms of a letter, in its case', () => {
    expect(accentsOf('a')).toContain('ã');
    expect(accentsOf('A')).toContain('Ã');
    expect(accentsOf('o')).toEqual(expect.arrayContaining(['õ', 'ó', 'ö']));
    expect(accentsOf('s')).toContain('ß');
  });

  it('has no upper case ß (it would be two letters) and nothing for a letter without accents or a function key', () => {
    expect(accentsOf('S')).not.toContain('SS');
    expect(accentsOf('S').every((letter) => letter.length === 1)).toBe(true);
    expect(accentsOf('x')).toEqual([]);
    expect(accentsOf('{shift}')).toEqual([]);
  });
});

describe('typing at the caret', () => {
  it('types in the middle, where the caret is, and the caret follows', () => {
    expect(insertAt({ text: 'Jo Neil', start: 3, end: 3 }, "O'")).toEqual({ text: "Jo O'Neil", start: 5, end: 5 });
  });

  it('types over a selection', () => {
    expect(insertAt({ text: 'Joao', start: 2, end: 3 }, 'ã')).toEqual({ text: 'João', start: 3, end: 3 });
  });

  it('Backspace removes the character before the caret, or the selection, and nothing at the start', () => {
    expect(deleteBack({ text: 'Joxão', start: 3, end: 3 })).toEqual({ text: 'João', start: 2, end: 2 });
    expect(deleteBack({ text: 'João Silva', start: 4, end: 10 })).toEqual({ text: 'João', start: 4, end: 4 });
    expect(deleteBack({ text: 'João', start: 0, end: 0 })).toEqual({ text: 'João', start: 0, end: 0 });
  });

  it('Backspace removes a whole emoji, not half of one', () => {
    expect(deleteBack({ text: 'Ana 🙂!', start: 6, end: 6 })).toEqual({ text: 'Ana !', start: 4, end: 4 });
  });
});
