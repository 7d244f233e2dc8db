import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralise } from '../../service/export/csv';

describe('RFC 4180 writer', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+41 79 000 00 00', "'+41 79 000 00 00"],
    ['-5', "'-5"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tTab', `"'\tTab"`],
    ['\rReturn', `"'\rReturn"`],
    [' =1+1', "' =1+1"],
    ['\u00a0\u00a0+1', "'\u00a0\u00a0+1"],
    ['\n=1+1', `"\n'=1+1"`],
  ])('neutralises a cell starting %j', (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it('leaves other text, and numbers it is given, as they are', () => {
    expect(neutralise('Ada = Countess')).toBe('Ada = Countess');
    expect(csvCell('not first =1')).toBe('not first =1');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('quotes commas, quotes, CR and LF, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell('plain')).toBe('plain');
  });

  it.each([
    ['x;=1+1', `"x;'=1+1"`],
    ['x; @SUM(A1)', `"x; '@SUM(A1)"`],
    ['a|=cmd', `"a|'=cmd"`],
    ['a\t+1', `"a\t'+1"`],
    ['two\nlines\r\n-5', `"two\nlines\r\n'-5"`],
    ['Bar; Café', '"Bar; Café"'],
    ['pipe|tab\there', '"pipe|tab\there"'],
  ])('quotes %j, and neutralises a formula where a spreadsheet could start a new cell', (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it('no cell starts a formula when Excel in a ;-locale splits a row on ; and line breaks, ignoring quotes that do not open a field', () => {
    const hostile = ['x;=1+1', 'a;  =HYPERLINK("http://x.example";"y");', 'b\n=cmd', 'c|@x', ' =1', 'ok'];
    const text = csvRow([7, ...hostile]);
    for (const cell of text.split(/[;\r\n]/)) expect(cell.trimStart()).not.toMatch(/^[=+\-@]/);
    // A comma-splitting spreadsheet reads every cell back, the neutralising quote showing.
    expect(parse(text)).toEqual([['7', "x;'=1+1", 'a;  \'=HYPERLINK("http://x.example";"y");', "b\n'=cmd", "c|'@x", "' =1", 'ok']]);
  });

  it('ends records with CRLF, and a spreadsheet-style parser reads the cells back', () => {
    const name = 'Lovelace, Ada "Countess"\nof Lovelace';
    const text = csvRow(['name', 'n']) + csvRow([name, 3]) + csvRow(['=cmd', null]);
    expect(text).toBe('name,n\r\n"Lovelace, Ada ""Countess""\nof Lovelace",3\r\n\'=cmd,\r\n');
    expect(parse(text, { columns: true })).toEqual([
      { name, n: '3' },
      { name: "'=cmd", n: '' },
    ]);
  });
  it('writes any text as the rules say, whether or not it takes the shortcut for plain cells', () => {
    // The rules in full: a formula after a split neutralised, then one at the start, then quoted.
    const ruled = (text: string) => {
      let cell = text.replace(/([;|\t\r\n]\s*)(?=[=+\-@])/g, "$1'");
      if (/^(?:[\t\r]|\s*[=+\-@])/.test(cell)) cell = `'${cell}`;
      return /[",;|\t\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
    };
    const tricky = fc.constantFrom('=', '+', '-', '@', ' ', '\t', '\r', '\n', ';', '|', ',', '"', '\u00a0', '\u3000', '\ufeff', 'a', '1', 'é', '佐');
    const text = fc.oneof(
      fc.string(),
      fc.array(tricky, { maxLength: 8 }).map((chars) => chars.join('')),
    );
    fc.assert(
      fc.property(text, (cell) => {
        expect(csvCell(cell)).toBe(ruled(cell));
      }),
      { numRuns: 2000 },
    );
    for (const first of ['\u00a0=1', '\u3000+1', '\ufeff-1', '\u2028@1']) expect(csvCell(first)).toBe(`'${first}`);
  });
});
