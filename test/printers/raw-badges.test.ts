import { describe, expect, it } from 'vitest';
import type { Badge } from '../../core/badge';
import { escposBadge } from '../../drivers/printers/escpos-badge';
import { zplBadge, zplEscape } from '../../drivers/printers/zpl-badge';

const ada: Badge = { name: 'Ada Lovelace', kind: 'visa', homeSpace: 'Cedar Commons', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 42 };
const bytes = (text: string) => [...Buffer.from(text, 'latin1')];

describe('ZPL badges', () => {
  it('is a complete label at 203 dpi: UTF-8, size, band, texts at their baselines, QR code', () => {
    expect(zplBadge(ada, '62x100mm').toString('utf8')).toBe(
      [
        '^XA',
        '^CI28',
        '^PW496',
        '^LL799',
        '^LH0,0',
        '^FO24,24^GB448,62,62^FS',
        '^FT120,67^A0N,34,34^FR^FH^FDVISA VISITOR^FS',
        '^FT105,423^A0N,28,28^FH^FDfrom Cedar Commons^FS',
        '^FT132,459^A0N,28,28^FH^FDat Harbour Works^FS',
        '^FT137,496^A0N,28,28^FH^FDvalid 2026-11-21^FS',
        '^FT27,264^A0N,69,69^FH^FDAda Lovelace^FS',
        '^FO142,540^BQN,2,10^FH^FDQA,visit:42^FS',
        '^PQ1',
        '^XZ',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['4x3in', 812, 609],
    ['89x36mm', 711, 288],
    ['cr80', 684, 432],
  ] as const)('sizes a %s label as ^PW%i ^LL%i', (label, width, height) => {
    const zpl = zplBadge(ada, label).toString('utf8');
    expect(zpl).toContain(`\n^PW${width}\n^LL${height}\n`);
    expect(zpl).toMatch(/\^BQN,2,\d+\^FH\^FDQA,visit:42\^FS/);
  });

  it('hex-escapes the characters ZPL would read as commands, and sends the rest as UTF-8', () => {
    expect(zplEscape('a^b~c_d')).toBe('a_5Eb_7Ec_5Fd');
    const zpl = zplBadge({ ...ada, name: 'Jürgen ^XZ Groß', homeSpace: '~JR_lab' }, '4x3in');
    const text = zpl.toString('utf8');
    expect(text).toContain('^FDJürgen _5EXZ Groß^FS');
    expect(text).toContain('^FDfrom _7EJR_5Flab^FS');
    expect(text.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl.includes(Buffer.from('Jürgen', 'utf8'))).toBe(true);
  });

  it('puts the name in the QR code when there is no visit, escaped too', () => {
    expect(zplBadge({ ...ada, visitId: null, name: 'A^B' }, '4x3in').toString('utf8')).toContain('^FH^FDQA,A_5EB^FS');
  });

  it('prints a badge without a name', () => {
    const zpl = zplBadge({ ...ada, name: '', visitId: null, kind: 'guest' }, '89x36mm').toString('utf8');
    expect(zpl).toContain('^FDGUEST^FS');
    expect(zpl).not.toContain('^BQN');
  });
});

describe('ESC/POS badges', () => {
  const GS_K = (...rest: number[]) => [0x1d, 0x28, 0x6b, ...rest];

  it('initialises, prints the kind reversed, the name double size, the details, the QR code, and cuts', () => {
    expect([...escposBadge(ada)]).toEqual([
      0x1b,
      0x40,
      0x1b,
      0x74,
      16, // ESC @, code page WPC1252
      0x1b,
      0x61,
      0x01, // centred
      0x1d,
      0x42,
      0x01,
      0x1b,
      0x45,
      0x01,
      ...bytes(' VISA VISITOR \n'),
      0x1d,
      0x42,
      0x00,
      0x1b,
      0x45,
      0x00,
      0x0a,
      0x1d,
      0x21,
      0x11,
      0x1b,
      0x45,
      0x01,
      ...bytes('Ada Lovelace\n'),
      0x1d,
      0x21,
      0x00,
      0x1b,
      0x45,
      0x00,
      0x0a,
      ...bytes('from Cedar Commons\nat Harbour Works\nvalid 2026-11-21\n'),
      0x0a,
      ...GS_K(0x04, 0x00, 0x31, 0x41, 0x32, 0x00), // model 2
      ...GS_K(0x03, 0x00, 0x31, 0x43, 0x06), // module size 6 dots
      ...GS_K(0x03, 0x00, 0x31, 0x45, 0x32), // error correction Q
      ...GS_K(0x0b, 0x00, 0x31, 0x50, 0x30, ...bytes('visit:42')), // store
      ...GS_K(0x03, 0x00, 0x31, 0x51, 0x30), // print
      0x0a,
      0x0a,
      0x1d,
      0x56,
      0x42,
      0x00, // feed to the cutter, partial cut
    ]);
  });

  it('keeps Western accents in WPC1252 and switches to PC866 for Cyrillic, and back', () => {
    const out = escposBadge({ ...ada, name: 'Jürgen Ёлка Côté' });
    expect(
      out.includes(Buffer.from([...bytes('J\xfcrgen '), 0x1b, 0x74, 17, 0xf0, 0xab, 0xaa, 0xa0, ...bytes(' C'), 0x1b, 0x74, 16, 0xf4, ...bytes('t\xe9\n')])),
    ).toBe(true);
  });

  it('sends a name neither code page has as a raster image, never as "?" or a transliteration', () => {
    for (const name of ['Łódź Wałęsa', 'Ωμέγα', '佐藤 花子']) {
      const out = escposBadge({ ...ada, name });
      const raster = out.indexOf(Buffer.from([0x1d, 0x76, 0x30, 0x00]));
      expect(raster, name).toBeGreaterThan(0);
      const end = raster + 8 + out.readUInt16LE(raster + 4) * out.readUInt16LE(raster + 6);
      // The rest of the receipt is still text in the printer's font.
      const text = Buffer.concat([out.subarray(0, raster), out.subarray(end)]).toString('latin1');
      expect(text).toContain('\x1d\x21\x00\x1b\x45\x01\x1d\x21\x00\x1b\x45\x00\nfrom Cedar Commons\n');
      expect(text).not.toMatch(/\?|L.dz|Omega/);
    }
  });

  it('wraps a long name at spaces, and falls back to normal size when double size needs over three lines', () => {
    const wrapped = escposBadge({ ...ada, name: 'Maria Magdalena Rodriguez' }).toString('latin1');
    expect(wrapped).toContain('\x1d\x21\x11\x1b\x45\x01Maria Magdalena\nRodriguez\n');
    const long = escposBadge({ ...ada, name: 'Maria Magdalena Wolfeschlegelsteinhausenbergerdorff Rodríguez de la Trinidad' }).toString('latin1');
    expect(long).toContain('\x1d\x21\x00\x1b\x45\x01Maria Magdalena\nWolfeschlegelsteinhausenbergerdo\nrff Rodr\xedguez de la Trinidad\n');
  });

  it('prints a badge without a name or a QR code', () => {
    const out = escposBadge({ ...ada, name: '', visitId: null, kind: 'day_pass' });
    expect(out.toString('latin1')).toContain(' DAY PASS ');
    expect(out.includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
  });
});
