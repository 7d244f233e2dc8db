import { useEffect, useRef } from 'react';
import { KeyboardWedgeDetector } from '../../core/keyboard-wedge';

const FLUSH_AFTER_MS = 70;

/** Fields whose caret a script may read and move; an email field has none (setSelectionRange throws). */
const hasCaret = (field: HTMLInputElement | HTMLTextAreaElement) => field instanceof HTMLTextAreaElement || ['text', 'search', 'tel', 'url', 'password'].includes(field.type);

/** Types text into the focused field the way a keypress would, so React sees the change. */
function replay(keys: string[]): void {
  const field = document.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
  const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')!.set!;
  const caret = hasCaret(field);
  for (const key of keys) {
    // Without a caret, typing goes at the end, as it does in such a field.
    const start = (caret ? field.selectionStart : null) ?? field.value.length;
    const end = (caret ? field.selectionEnd : null) ?? start;
    if (key === 'Enter') {
      field.form?.requestSubmit();
      continue;
    }
    if (key === 'Backspace') {
      const from = start === end ? Math.max(0, start - 1) : start;
      setValue.call(field, field.value.slice(0, from) + field.value.slice(end));
      if (caret) field.setSelectionRange(from, from);
    } else if ([...key].length === 1) {
      setValue.call(field, field.value.slice(0, start) + key + field.value.slice(end));
      if (caret) field.setSelectionRange(start + key.length, start + key.length);
    }
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/**
 * A badge reader or scanner that types like a keyboard is recognised wherever focus is: its
 * burst is swallowed whole and handed to `onScan`, so no half badge number lands in a form
 * field; a person's typing is given back to the field unchanged.
 */
export function useKeyboardWedge(onScan: (text: string) => void): void {
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    const detector = new KeyboardWedgeDetector();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const act = (verdict: ReturnType<KeyboardWedgeDetector['key']>) => {
      if (verdict.type === 'scan') onScanRef.current(verdict.text);
      if (verdict.type === 'human') replay(verdict.keys);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      const verdict = detector.key({ key: event.key, at: event.timeStamp });
      if (verdict.type === 'pass') return;
      event.preventDefault();
      event.stopPropagation();
      act(verdict);
      clearTimeout(timer);
      if (verdict.type === 'pending') timer = setTimeout(() => act(detector.flush(performance.now())), FLUSH_AFTER_MS);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, { capture: true });
    };
  }, []);
}
