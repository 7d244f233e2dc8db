import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useDockedField } from '../hooks/useDockedField';
import { DOCK_MARGIN, scrollToShow } from '../keyboard/dock';
import { typeInto, type TextField } from '../keyboard/field-value';
import { OnScreenKeyboard } from './OnScreenKeyboard';

/** The field in sight above the keys, with its label, and with its form (a setting's Save) when that fits too. */
function keepAbove(field: TextField, keysHeight: number): void {
  const room = window.innerHeight - keysHeight - 2 * DOCK_MARGIN;
  const shown = [field.form, field.closest('label'), field].find((box) => box && box.getBoundingClientRect().height <= room) ?? field;
  const by = scrollToShow(shown.getBoundingClientRect(), window.innerHeight, keysHeight, field.type === 'search');
  if (by !== 0) window.scrollBy(0, by);
}

/**
 * On-screen keys docked at the foot of the window for any field under `within` that a person types
 * into (a filter, a setting, a PIN), for screens too long to hold a keyboard of their own. The page
 * gets room below it to scroll the field above the keys; Done puts them away.
 */
export function DockedKeyboard(props: { within: RefObject<HTMLElement | null> }) {
  const docked = useDockedField(props.within);
  const dock = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState(0);
  // What the keys last typed, and where: another field starts from its own text.
  const [typed, setTyped] = useState<{ field: TextField | null; text: string }>({ field: null, text: '' });
  const field = useMemo(() => ({ current: docked?.field ?? null }), [docked]);

  // simple-keyboard draws its rows after it mounts, and again for other keys or another width: the room follows.
  useLayoutEffect(() => {
    const keys = dock.current;
    if (!docked || !keys) return;
    const observer = new ResizeObserver(() => setRoom(keys.offsetHeight));
    observer.observe(keys);
    return () => observer.disconnect();
  }, [docked]);
  // Once the room below the page is there, and again when the window changes shape.
  useLayoutEffect(() => {
    if (!docked || room === 0) return;
    const show = () => keepAbove(docked.field, room);
    show();
    window.addEventListener('resize', show);
    return () => window.removeEventListener('resize', show);
  }, [docked, room]);

  if (!docked) return null;
  const text = typed.field === docked.field ? typed.text : docked.field.value;
  const write = (next: string) => {
    typeInto(docked.field, next);
    setTyped({ field: docked.field, text: next });
  };
  return (
    <>
      <div className="dock-room" style={{ height: room }} />
      <div ref={dock} className="docked-keyboard">
        <OnScreenKeyboard text={text} onText={write} field={field} kind={docked.keys} onDone={() => docked.field.blur()} />
      </div>
    </>
  );
}
