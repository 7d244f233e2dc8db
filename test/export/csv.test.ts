import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralise } from '../../service/export/csv';

describe('RFC 4180 writer', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+41 79 000 00 00', "'+41 79 000 00 00"],
    ['-5', "'-5"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tTab', "'\tTab"],
    ['\rReturn', `"'\rReturn"`],
  ])('neutralises a cell starting %j', (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it('leaves other text, and numbers it is given, as they are', () => {
    expect(neutralise('Ada = Countess')).toBe('Ada = Countess');
    expect(csvCell(' =not first')).toBe(' =not first');
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

  it('ends records with CRLF, and a spreadsheet-style parser reads the cells back', () => {
    const name = 'Lovelace, Ada "Countess"\nof Lovelace';
    const text = csvRow(['name', 'n']) + csvRow([name, 3]) + csvRow(['=cmd', null]);
    expect(text).toBe('name,n\r\n"Lovelace, Ada ""Countess""\nof Lovelace",3\r\n\'=cmd,\r\n');
    expect(parse(text, { columns: true })).toEqual([
      { name, n: '3' },
      { name: "'=cmd", n: '' },
    ]);
  });
});
