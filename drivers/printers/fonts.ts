import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type { Measure, Weight } from './text-fit.js';

/**
 * The fonts badges are drawn with: font files with wide coverage found on this machine, one
 * per script group, tried in order for each character, so a Latin name, a German, French,
 * Greek or Cyrillic one, an Arabic one and a Japanese or Chinese one all render (never as boxes).
 */

export interface BadgeFont {
  file: string;
  /** The face's PostScript name when the file is a collection (.ttc): pdfkit needs it, and only then. */
  face: string | null;
  /** The family name an SVG renderer selects the face by. */
  family: string;
  weight: Weight;
  data: Buffer;
  font: fontkit.Font;
}

/** One fallback chain per weight, first font first. */
export interface FontSet {
  regular: BadgeFont[];
  bold: BadgeFont[];
}

interface Candidate {
  file: string;
  face?: string;
}
/** One script group: the first file that exists wins; a missing bold uses the regular face. */
export interface FontSlot {
  regular: Candidate[];
  bold: Candidate[];
}

const windowsFonts = path.win32.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts');
const win = (file: string) => path.win32.join(windowsFonts, file);

export const FONT_SLOTS: FontSlot[] = [
  // Latin with accents, Greek, Cyrillic.
  {
    regular: [
      { file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf' },
      { file: win('segoeui.ttf') },
      { file: '/System/Library/Fonts/Supplemental/Arial Unicode.ttf' },
      { file: '/Library/Fonts/Arial Unicode.ttf' },
      { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
    ],
    bold: [
      { file: '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf' },
      { file: win('segoeuib.ttf') },
      { file: '/System/Library/Fonts/Supplemental/Arial Bold.ttf' },
      { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' },
    ],
  },
  // Arabic (fontkit shapes it and lays it right to left); Segoe UI and Arial Unicode have it already.
  {
    regular: [{ file: '/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf' }],
    bold: [{ file: '/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf' }],
  },
  // Chinese, Japanese, Korean.
  {
    regular: [
      { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKjp-Regular' },
      { file: win('msyh.ttc') },
      { file: '/System/Library/Fonts/Hiragino Sans GB.ttc' },
      { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
    ],
    bold: [{ file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKjp-Bold' }, { file: win('msyhbd.ttc') }],
  },
];

export const MISSING_FONTS_MESSAGE =
  'no font for badges found: install the Debian packages fonts-noto-core and fonts-noto-cjk (on Windows, Segoe UI and Microsoft YaHei ship with the system; on macOS, Arial Unicode)';

function open(candidate: Candidate, weight: Weight): BadgeFont | null {
  if (!fs.existsSync(candidate.file)) return null;
  const data = fs.readFileSync(candidate.file);
  // fontkit answers null when a collection has no face of that name.
  const opened: fontkit.Font | fontkit.FontCollection | null = fontkit.create(data, candidate.face);
  const font = opened && 'fonts' in opened ? opened.fonts[0] : opened;
  if (!font) return null;
  const face = candidate.face ?? (opened && 'fonts' in opened ? font.postscriptName : null);
  return { file: candidate.file, face, family: font.familyName, weight, data, font };
}

function first(candidates: Candidate[], weight: Weight): BadgeFont | null {
  for (const candidate of candidates) {
    const font = open(candidate, weight);
    if (font) return font;
  }
  return null;
}

export function loadFonts(slots: FontSlot[] = FONT_SLOTS): FontSet {
  const set: FontSet = { regular: [], bold: [] };
  for (const slot of slots) {
    const regular = first(slot.regular, 'regular');
    if (!regular) continue;
    set.regular.push(regular);
    set.bold.push(first(slot.bold, 'bold') ?? regular);
  }
  if (set.regular.length === 0) throw new Error(MISSING_FONTS_MESSAGE);
  return set;
}

let machineFonts: FontSet | null = null;

/** The machine's fonts, read once: the CJK collections are tens of megabytes. */
export function badgeFonts(): FontSet {
  return (machineFonts ??= loadFonts());
}

export interface TextRun {
  text: string;
  font: BadgeFont;
}

/**
 * Splits text into runs each drawn with the first font of the chain that has its characters;
 * spaces and characters no font has stay with the run they are in.
 */
export function splitRuns(text: string, chain: BadgeFont[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const last = runs.at(-1);
    const covering = chain.find((f) => f.font.hasGlyphForCodePoint(code));
    const font = char === ' ' || !covering ? (last?.font ?? covering ?? chain[0]!) : covering;
    if (last && last.font === font) last.text += char;
    else runs.push({ text: char, font });
  }
  return runs;
}

/** The advance width of a run at 1 pt, shaped as pdfkit shapes it (kerning included). */
export function runWidth(run: TextRun): number {
  return run.font.font.layout(run.text).advanceWidth / run.font.font.unitsPerEm;
}

/** Measures text with the fallback chains, the way the PDF and SVG renderers will draw it. */
export function fontMeasure(fonts: FontSet): Measure {
  const cache = new Map<string, number>();
  return (text, size, weight) => {
    const key = `${weight}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      width = splitRuns(text, fonts[weight]).reduce((sum, run) => sum + runWidth(run), 0);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, width);
    }
    return width * size;
  };
}
