import { useEffect, useLayoutEffect, useRef } from 'react';
import { KeyboardWedgeDetector } from '../../core/keyboard-wedge';
import { typeInto, type TextField } from '../keyboard/field-value';

/** A form field a burst may have typed into, and what it held before. */
type Before = {
  field: TextField;
  value: string;
} | null;

function noteField(): Before {
  const field = document.activeElement;
  return field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement ? { field, value: field.value } : null;
}

/** Puts back what a field held before a reader typed into it, the way React hears an edit. */
function undo(before: Before): void {
  if (!before || before.field.closest('[data-badge-field]')) return;
  typeInto(before.field, before.value);
}

/**
 * A badge reader or scanner that types like a keyboard is recognised wherever focus is, and
 * handed to `onScan`. The detector never holds or changes a key: a person's typing reaches the
 * page as typed. A scan is known at its Enter or Tab, which is then swallowed, and what the
 * burst typed into a form field (other than a badge field) is taken back out. While a PIN pad is
 * on screen nothing is read as a scan: a PIN typed fast must never be logged as a badge.
 */
export function useKeyboardWedge(onScan: (text: string) => void, options: { gapMs: number; enabled: boolean }): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);
  const { gapMs, enabled } = options;

  // A layout effect: the listener must read with the limit on screen from the moment it is
  // shown, not from whenever React gets round to passive effects (a scan may come between).
  useLayoutEffect(() => {
    if (!enabled) return;
    const detector = new KeyboardWedgeDetector({ maxInterKeyMs: gapMs });
    let before: Before = null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || document.querySelector('[data-no-scan]')) {
        detector.reset();
        return;
      }
      const verdict = detector.key({ key: event.key, at: event.timeStamp, code: event.code, shift: event.shiftKey });
      if (verdict.type === 'start') before = noteField();
      if (verdict.type !== 'scan') return;
      event.preventDefault();
      event.stopPropagation();
      undo(before);
      before = null;
      onScanRef.current(verdict.text);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [gapMs, enabled]);
}
