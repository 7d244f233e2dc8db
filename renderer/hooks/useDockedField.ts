import { useEffect, useState, type RefObject } from 'react';
import { keysFor, type KeysKind } from '../keyboard/dock';
import type { TextField } from '../keyboard/field-value';

/** The field a docked keyboard types into, and the keys it needs. */
export interface Docked {
  field: TextField;
  keys: KeysKind;
}

/** How long after a finger lifts, with no click, the keys go: a finger that slid off a button taps nothing. */
const LIFT_MS = 400;

/** `focused`, when it is a field under `root` typed into and its screen has no keyboard of its own (a reason, a guest's details). */
function dockable(root: HTMLElement | null, focused: EventTarget | null): Docked | null {
  if (!root || !(focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) || !root.contains(focused)) return null;
  if ([...root.querySelectorAll('.keyboard')].some((keys) => !keys.closest('.docked-keyboard'))) return null;
  const keys = keysFor({ tag: focused.localName, type: focused.type, inputMode: focused.inputMode, readOnly: focused.readOnly, disabled: focused.disabled });
  return keys && { field: focused, keys };
}

/**
 * The focused field under `root` a docked keyboard should type into, or null. The keys come with
 * the focus; they go when it leaves, but only once the tap that moved it has ended: keys vanishing
 * under a finger would move the page, and with it what the finger was tapping.
 */
export function useDockedField(root: RefObject<HTMLElement | null>): Docked | null {
  const [docked, setDocked] = useState<Docked | null>(null);
  useEffect(() => {
    let pressing = false;
    let goAfterTap = false;
    let lifted: number | undefined;
    const settle = (focused: EventTarget | null) => {
      const next = dockable(root.current, focused);
      if (!next && pressing) {
        goAfterTap = true;
        return;
      }
      goAfterTap = false;
      setDocked((shown) => (shown?.field === next?.field && shown?.keys === next?.keys ? shown : next));
    };
    const tapEnded = () => {
      window.clearTimeout(lifted);
      pressing = false;
      if (goAfterTap) settle(document.activeElement);
    };
    const onFocusIn = (event: FocusEvent) => settle(event.target);
    // Focus moving to another element is settled by its focusin; focus given up entirely, here.
    const onFocusOut = (event: FocusEvent) => {
      if (event.relatedTarget === null) settle(null);
    };
    const onPointerDown = () => {
      window.clearTimeout(lifted);
      pressing = true;
    };
    const onPointerUp = () => {
      window.clearTimeout(lifted);
      lifted = window.setTimeout(tapEnded, LIFT_MS);
    };
    const listeners = [
      ['focusin', onFocusIn, true],
      ['focusout', onFocusOut, true],
      ['pointerdown', onPointerDown, true],
      ['pointerup', onPointerUp, true],
      ['pointercancel', tapEnded, true],
      // Bubbling, so the tapped control has done its work before the keys go.
      ['click', tapEnded, false],
    ] as const;
    for (const [type, listener, capture] of listeners) window.addEventListener(type, listener as EventListener, capture);
    return () => {
      window.clearTimeout(lifted);
      for (const [type, listener, capture] of listeners) window.removeEventListener(type, listener as EventListener, capture);
    };
  }, [root]);
  return docked?.field.isConnected ? docked : null;
}
