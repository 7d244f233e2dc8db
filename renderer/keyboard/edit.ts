/** A field's text and its selection, as `selectionStart`/`selectionEnd` give them. */
export interface Edit {
  text: string;
  start: number;
  end: number;
}

/** Types `typed` over the selection (or at the caret); the caret lands after it. */
export function insertAt({ text, start, end }: Edit, typed: string): Edit {
  const caret = start + typed.length;
  return { text: text.slice(0, start) + typed + text.slice(end), start: caret, end: caret };
}

/** Backspace: removes the selection, or else the character before the caret (a whole character, an emoji too). */
export function deleteBack({ text, start, end }: Edit): Edit {
  if (start !== end) return { text: text.slice(0, start) + text.slice(end), start, end: start };
  if (start === 0) return { text, start, end };
  const before = [...text.slice(0, start)];
  const kept = before.slice(0, -1).join('');
  return { text: kept + text.slice(start), start: kept.length, end: kept.length };
}
