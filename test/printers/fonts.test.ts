import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Badge } from '../../core/badge';
import { badgeFonts, loadFonts, MISSING_FONTS_MESSAGE, splitRuns } from '../../drivers/printers/fonts';
import { pdfBadge } from '../../drivers/printers/pdf-badge';

const run = promisify(execFile);
const NAMES = ['Ada Lovelace', 'Jürgen Groß', 'Émilie Côté', '佐藤 花子', 'Ωμέγα', 'Ёлка', 'محمد علي'];
const fonts = badgeFonts();

describe('badge fonts', () => {
  it('finds a regular and a bold chain covering Latin, Greek, Cyrillic, Arabic and CJK', () => {
    expect(fonts.regular.map((f) => f.family)).toEqual(['Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK JP']);
    expect(fonts.bold.map((f) => f.face ?? path.basename(f.file))).toEqual(['NotoSans-Bold.ttf', 'NotoSansArabic-Bold.ttf', 'NotoSansCJKjp-Bold']);
    for (const name of NAMES) {
      for (const chain of [fonts.regular, fonts.bold]) {
        for (const run of splitRuns(name, chain)) {
          for (const char of run.text) expect(run.font.font.hasGlyphForCodePoint(char.codePointAt(0)!), `${char} in ${run.font.family}`).toBe(true);
        }
      }
    }
  });

  it('draws each character with the first font that has it, keeping spaces in the run', () => {
    expect(splitRuns('Ada 佐藤 花子 Ёлка', fonts.regular).map((r) => [r.text, r.font.family])).toEqual([
      ['Ada ', 'Noto Sans'],
      ['佐藤 花子 ', 'Noto Sans CJK JP'],
      ['Ёлка', 'Noto Sans'],
    ]);
  });

  it('says which packages to install when no font is found', () => {
    const nowhere = path.join(os.tmpdir(), 'no-such-font.ttf');
    expect(() => loadFonts([{ regular: [{ file: nowhere }], bold: [] }])).toThrow(MISSING_FONTS_MESSAGE);
    expect(MISSING_FONTS_MESSAGE).toContain('fonts-noto-core and fonts-noto-cjk');
  });

  it('falls back to the regular face when a script has no bold one', () => {
    const set = loadFonts([{ regular: [{ file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf' }], bold: [] }]);
    expect(set.bold[0]).toBe(set.regular[0]);
  });
});

describe('PDF badges', () => {
  it('is one page of exactly the label size, with every name’s text and subset fonts embedded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'visa-kiosk-pdf-'));
    try {
      for (const [i, name] of NAMES.entries()) {
        const badge: Badge = { name, kind: 'visa', homeSpace: 'Spreewerk', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: i + 1 };
        const file = path.join(dir, `${i}.pdf`);
        fs.writeFileSync(file, await pdfBadge(badge, i % 2 ? '4x3in' : '62x100mm', fonts));
        const info = (await run('pdfinfo', [file])).stdout;
        expect(info).toMatch(/Pages:\s+1\n/);
        expect(info).toMatch(i % 2 ? /Page size:\s+288 x 216 pts/ : /Page size:\s+175\.748 x 283\.465 pts/);
        expect((await run('pdftotext', [file, '-'])).stdout).toContain(name);
        const embedded = (await run('pdffonts', [file])).stdout.split('\n').slice(2).filter(Boolean);
        expect(embedded.length).toBeGreaterThan(0);
        for (const line of embedded) expect(line).toMatch(/\+\S+.*\byes\s+yes\s+yes\b/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
