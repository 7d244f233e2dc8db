import { fireEvent } from '@testing-library/react';

/** A finger on an on-screen key and off again: simple-keyboard, and the long press around it, listen to pointer events, not clicks. */
export function tapKey(key: HTMLElement): void {
  fireEvent.pointerDown(key);
  fireEvent.pointerUp(key);
}
