/** How a screen quotes a value it did not write (a list's id, a queue's name) inside a sentence of its own. */

/** The most of one value from a list a screen shows: a 3 000-character id would bury every other line. */
const SHOWN_CHARACTERS = 60;

const graphemes = new Intl.Segmenter();
/** Right-to-left letters and the characters that turn text's direction (U+202E turns the rest of a line around). */
const TURNS_DIRECTION = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

function shortened(value: string): string {
  if (value.length <= SHOWN_CHARACTERS) return value;
  const characters: string[] = [];
  for (const { segment } of graphemes.segment(value)) {
    if (characters.length === SHOWN_CHARACTERS) return `${characters.slice(0, -1).join('')}…`;
    characters.push(segment);
  }
  return value;
}

/** Text quoted whole (a spooler's message) in a sentence of ours: isolated when it could turn that sentence's direction. */
export const isolated = (value: string): string => (TURNS_DIRECTION.test(value) ? `\u2068${value}\u2069` : value);

/**
 * A value from the list as a screen shows it: whole when short, else its start and an ellipsis,
 * never half a letter or emoji; isolated (U+2068…U+2069) when it could turn the direction of the
 * sentence it is quoted in.
 */
export const shown = (value: string): string => isolated(shortened(value));
