import { useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import Keyboard from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import { LANGUAGES, type Language } from '../i18n';
import { accentsOf } from '../keyboard/accents';
import type { KeysKind } from '../keyboard/dock';
import { deleteBack, insertAt, type Edit } from '../keyboard/edit';
import type { TextField } from '../keyboard/field-value';
import { emailLayout, keysOf, numberLayout, textLayout, withDone, type KeyboardLayout } from '../keyboard/layouts';
import { AccentPicker } from './AccentPicker';

/** How long a finger rests on a letter before its accents show. */
const LONG_PRESS_MS = 450;

function layoutFor(kind: KeysKind, language: Language): KeyboardLayout {
  if (kind === 'email') return emailLayout(language);
  if (kind === 'numeric' || kind === 'decimal') return numberLayout(kind === 'decimal');
  return textLayout(language);
}

/**
 * Large keys in the kiosk language's layout, for a touch screen with no keyboard. Keys never take
 * the focus, so `field` keeps it and its caret: a key types at the caret (over a selection), and
 * the result goes to `onText`. A long press on a letter offers its accents. With `onDone`, a Done key
 * ends the last row (a docked keyboard is put away with it).
 */
export function OnScreenKeyboard(props: {
  text: string;
  onText: (text: string) => void;
  field: RefObject<TextField | null>;
  kind?: KeysKind;
  onDone?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language: Language = LANGUAGES.find((l) => l === i18n.language) ?? 'en';
  const kind = props.kind ?? 'text';
  const done = props.onDone !== undefined;
  const layout = useMemo(() => {
    const keys = layoutFor(kind, language);
    return done ? withDone(keys) : keys;
  }, [language, kind, done]);
  const [shift, setShift] = useState(false);
  const [caps, setCaps] = useState(false);
  const [picking, setPicking] = useState<string | null>(null);
  const caret = useRef<number | null>(null);
  const held = useRef<{ key: string; timer: number } | null>(null);
  const { field, text, onText, onDone } = props;

  // React puts the caret at the end when it sets the text: it goes back where the key left it.
  // A number or email field has no caret a script may move (its selectionStart is null).
  useLayoutEffect(() => {
    const at = caret.current;
    caret.current = null;
    const el = field.current;
    if (at !== null && el && el.selectionStart !== null) el.setSelectionRange(at, at);
  }, [text, field]);

  const edit = (change: (current: Edit) => Edit) => {
    const el = field.current;
    // The field's own text: a docked keyboard types into fields whose text it does not hold.
    const now = el?.value ?? text;
    const current = { text: now, start: el?.selectionStart ?? now.length, end: el?.selectionEnd ?? now.length };
    const next = change(current);
    caret.current = next.start;
    if (el && document.activeElement !== el) el.focus();
    onText(next.text);
  };
  const type = (typed: string) => {
    edit((current) => insertAt(current, typed));
    setShift(false);
    setPicking(null);
  };
  const press = (key: string) => {
    setPicking(null);
    if (key === '{shift}') setShift((on) => !on);
    else if (key === '{lock}') {
      setCaps((on) => !on);
      setShift(false);
    } else if (key === '{bksp}') edit(deleteBack);
    else if (key === '{done}') onDone?.();
    else type(key === '{space}' ? ' ' : key);
  };

  // simple-keyboard types on pointer down and has no long press: a letter with accents is taken
  // from it here, typed when the finger lifts, or its accents shown when the finger stays.
  const letterUnder = (event: PointerEvent) => {
    const key = (event.target as Element).closest('[data-skbtn]')?.getAttribute('data-skbtn');
    return key && accentsOf(key).length > 0 ? key : null;
  };
  const down = (event: PointerEvent) => {
    const key = letterUnder(event);
    if (!key) return;
    event.stopPropagation();
    if (held.current) window.clearTimeout(held.current.timer);
    const timer = window.setTimeout(() => {
      held.current = null;
      setPicking(key);
    }, LONG_PRESS_MS);
    held.current = { key, timer };
  };
  const up = (event: PointerEvent) => {
    const holding = held.current;
    if (!holding) return;
    event.stopPropagation();
    window.clearTimeout(holding.timer);
    held.current = null;
    type(holding.key);
  };
  const cancel = () => {
    if (held.current) window.clearTimeout(held.current.timer);
    held.current = null;
  };

  const names: Record<string, string> = {
    '{bksp}': t('keyboard.backspace'),
    '{shift}': t('keyboard.shift'),
    '{lock}': t('onScreenKeys.capsLock'),
    '{space}': t('keyboard.space'),
    '{done}': t('onScreenKeys.doneName'),
  };
  const keys = keysOf(layout);
  const toggles = { '{shift}': shift, '{lock}': caps };
  const on = Object.entries(toggles)
    .filter(([, pressed]) => pressed)
    .map(([key]) => key);
  return (
    <div
      className={kind === 'numeric' || kind === 'decimal' ? 'keyboard number-pad' : 'keyboard'}
      role="group"
      aria-label={t('keyboard.label')}
      onMouseDown={(event) => event.preventDefault()}
      // A long press on a touch screen would otherwise open the context menu.
      onContextMenu={(event) => event.preventDefault()}
      onPointerDownCapture={down}
      onPointerUpCapture={up}
      onPointerCancelCapture={cancel}
      onPointerLeave={cancel}
    >
      {picking && <AccentPicker letter={picking} accents={accentsOf(picking)} onPick={type} onClose={() => setPicking(null)} />}
      <Keyboard
        theme="hg-theme-default kiosk-keys"
        layout={layout}
        layoutName={shift ? 'shift' : caps ? 'caps' : 'default'}
        display={{ '{bksp}': '⌫', '{shift}': '⇧', '{lock}': '⇪', '{space}': t('keyboard.space'), '{done}': t('onScreenKeys.done') }}
        useButtonTag
        disableButtonHold
        buttonTheme={[
          { class: 'key-wide', buttons: '{bksp} {shift} {lock}' },
          { class: 'key-space', buttons: '{space}' },
          { class: 'key-done', buttons: '{done}' },
          ...(on.length > 0 ? [{ class: 'key-on', buttons: on.join(' ') }] : []),
        ]}
        buttonAttributes={[
          { attribute: 'type', value: 'button', buttons: keys.join(' ') },
          { attribute: 'tabindex', value: '-1', buttons: keys.join(' ') },
          ...keys.map((key) => ({ attribute: 'aria-label', value: names[key] ?? key, buttons: key })),
          ...Object.entries(toggles).map(([key, pressed]) => ({ attribute: 'aria-pressed', value: String(pressed), buttons: key })),
        ]}
        onKeyPress={press}
      />
    </div>
  );
}
