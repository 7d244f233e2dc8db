import { describe, expect, it } from 'vitest';
import { accentsOf } from '../../renderer/keyboard/accents';
import { deleteBack, insertAt } from '../../renderer/keyboard/edit';
import { keysFor, scrollToShow } from '../../renderer/keyboard/dock';
import { emailLayout, keysOf, numberLayout, textLayout, withDone } from '../../renderer/keyboard/layouts';

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

describe('a docked keyboard', () => {
  const traits = (tag: string, type: string, inputMode = '', more: { readOnly?: boolean; disabled?: boolean } = {}) => ({
    tag,
    type,
    inputMode,
    readOnly: more.readOnly ?? false,
    disabled: more.disabled ?? false,
  });

  it('shows letters, an address’s characters, digits, or digits and a point, as the field asks', () => {
    expect(keysFor(traits('input', 'search'))).toBe('text');
    expect(keysFor(traits('textarea', 'textarea'))).toBe('text');
    expect(keysFor(traits('input', 'email'))).toBe('email');
    expect(keysFor(traits('input', 'text', 'decimal'))).toBe('decimal');
    expect(keysFor(traits('input', 'number'))).toBe('decimal');
    expect(keysFor(traits('input', 'password', 'numeric'))).toBe('numeric');
    expect(keysOf(numberLayout(true))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', '{bksp}']);
    expect(keysOf(numberLayout(false))).not.toContain('.');
  });

  it('shows nothing for a list, a box, a file, a field that cannot be typed in, or a PIN pad with keys of its own', () => {
    for (const field of [
      traits('select', 'select-one'),
      traits('input', 'checkbox'),
      traits('input', 'file'),
      traits('button', 'submit'),
      traits('input', 'text', '', { readOnly: true }),
      traits('input', 'text', '', { disabled: true }),
      traits('input', 'password', 'none'),
    ])
      expect(keysFor(field), JSON.stringify(field)).toBeNull();
  });

  it('ends the last row with Done in every layout', () => {
    const layout = withDone(textLayout('fr'));
    for (const rows of Object.values(layout)) expect(rows.at(-1)!.split(' ').at(-1)).toBe('{done}');
    expect(keysOf(layout).filter((key) => key === '{done}')).toHaveLength(1);
  });

  it('scrolls a field under the keys up the least, one above the window down, one in sight not at all, and a filter to the top', () => {
    // An 800 px window with 330 px of keys: a field shows between 12 and 458.
    expect(scrollToShow({ top: 600, bottom: 660 }, 800, 330)).toBe(202);
    expect(scrollToShow({ top: -100, bottom: -40 }, 800, 330)).toBe(-112);
    expect(scrollToShow({ top: 200, bottom: 260 }, 800, 330)).toBe(0);
    // Taller than the room: its top stays in sight.
    expect(scrollToShow({ top: 300, bottom: 900 }, 800, 330)).toBe(288);
    expect(scrollToShow({ top: 200, bottom: 260 }, 800, 330, true)).toBe(188);
  });
});
