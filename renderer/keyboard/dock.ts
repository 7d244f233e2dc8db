/** The keys a field is typed with: letters, an email address's characters, digits, or digits and a point. */
export type KeysKind = 'text' | 'email' | 'numeric' | 'decimal';

/** What the DOM says of a focused element, as far as choosing keys for it goes. */
export interface FieldTraits {
  tag: string;
  type: string;
  inputMode: string;
  readOnly: boolean;
  disabled: boolean;
}

/** Input types a person types text into; a list, a box, a file or a date has its own way of being set. */
const TYPED = new Set(['text', 'search', 'url', 'email', 'password', 'number', 'tel']);

/** The keys a docked keyboard shows for a field, or none when it is not typed into (or has keys of its own: inputmode="none"). */
export function keysFor(field: FieldTraits): KeysKind | null {
  if (field.readOnly || field.disabled || field.inputMode === 'none') return null;
  if (field.tag === 'textarea') return 'text';
  if (field.tag !== 'input' || !TYPED.has(field.type)) return null;
  if (field.inputMode === 'decimal' || field.type === 'number') return 'decimal';
  if (field.inputMode === 'numeric') return 'numeric';
  if (field.inputMode === 'email' || field.type === 'email') return 'email';
  return 'text';
}

/** Space kept between a field and the keys, and the top of the window. */
export const DOCK_MARGIN = 12;

/**
 * How far to scroll (positive: down) so a box shows between the top of the window and the keys
 * docked at its foot: the least that will do, and nothing when it already shows. A filter goes to
 * the top (`first`), so what it finds shows between it and the keys.
 */
export function scrollToShow(box: { top: number; bottom: number }, windowHeight: number, keysHeight: number, first = false): number {
  if (first) return box.top - DOCK_MARGIN;
  const lowest = windowHeight - keysHeight - DOCK_MARGIN;
  if (box.bottom > lowest) return Math.min(box.bottom - lowest, box.top - DOCK_MARGIN);
  if (box.top < DOCK_MARGIN) return box.top - DOCK_MARGIN;
  return 0;
}
