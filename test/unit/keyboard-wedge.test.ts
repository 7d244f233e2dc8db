import { describe, expect, it } from 'vitest';
import type { WedgeVerdict } from '../../core/keyboard-wedge';
import { KeyboardWedgeDetector, learnWedgeGap, WEDGE_GAP_MS } from '../../core/keyboard-wedge';
import { SETTINGS } from '../../core/settings';

/** Types `keys` starting at `start`, `gap` ms apart; returns each verdict. */
function type(detector: KeyboardWedgeDetector, keys: string[], gap: number, start = 1000): WedgeVerdict[] {
  return keys.map((key, i) => detector.key({ key, at: start + i * gap }));
}

const chars = (text: string) => [...text];
const NONE = { type: 'none' };
const START = { type: 'start' };

describe('keyboard wedge detector', () => {
  it('recognises a scanner burst ended by Enter, holding back no key on the way', () => {
    const verdicts = type(new KeyboardWedgeDetector(), [...chars('0F00A1B2C3'), 'Enter'], 8);
    expect(verdicts.slice(0, 10)).toEqual([START, ...Array(9).fill(NONE)]);
    expect(verdicts[10]).toEqual({ type: 'scan', text: '0F00A1B2C3' });
  });

  it('recognises Tab as a terminator and lets Shift through without breaking the burst', () => {
    const verdicts = type(new KeyboardWedgeDetector(), ['0', 'Shift', 'F', '0', '0', 'Tab'], 5);
    expect(verdicts[1]).toEqual(NONE);
    expect(verdicts[5]).toEqual({ type: 'scan', text: '0F00' });
  });

  it('accepts gaps up to maxInterKeyMs, and a longer configured one (an Arduino bridge typing at 150 ms)', () => {
    expect(type(new KeyboardWedgeDetector(), [...chars('1234'), 'Enter'], 60).at(-1)).toEqual({ type: 'scan', text: '1234' });
    expect(type(new KeyboardWedgeDetector(), [...chars('1234'), 'Enter'], 150).at(-1)).toEqual(NONE);
    expect(type(new KeyboardWedgeDetector({ maxInterKeyMs: 250 }), [...chars('1234'), 'Enter'], 150).at(-1)).toEqual({ type: 'scan', text: '1234' });
  });

  it('a slow key starts a new burst: a person typing is never a scan', () => {
    const detector = new KeyboardWedgeDetector();
    expect(type(detector, [...chars('John'), 'Enter'], 130)).toEqual([START, START, START, START, NONE]);
  });

  it('a burst shorter than minLength, or a slow terminator, is typing', () => {
    expect(type(new KeyboardWedgeDetector(), ['3', '0', 'Enter'], 5).at(-1)).toEqual(NONE);
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('12345'), 5, 1000);
    expect(detector.key({ key: 'Enter', at: 1100 })).toEqual(NONE);
  });

  it('a named key in a burst (Backspace, an arrow) makes it typing', () => {
    expect(type(new KeyboardWedgeDetector(), ['a', 'b', 'Backspace', 'c', 'd', 'Enter'], 5).at(-1)).toEqual(NONE);
  });

  it('a burst that begins mid-typing is no scan: a scan stretched by a busy kiosk is not read from its tail', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('HW'), 5, 1000);
    expect(type(detector, [...chars('-0002'), 'Enter'], 5, 1200).at(-1)).toEqual(NONE);
    expect(type(detector, [...chars('HW-0002'), 'Enter'], 5, 1800).at(-1)).toEqual({ type: 'scan', text: 'HW-0002' });
  });

  it('after typing and a pause, recognises the next scan', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('hello'), 150, 1000);
    expect(type(detector, [...chars('CC-1'), 'Enter'], 6, 2100).at(-1)).toEqual({ type: 'scan', text: 'CC-1' });
  });

  it('reset() forgets a burst in progress', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('CC-1'), 5, 1000);
    detector.reset();
    expect(detector.key({ key: 'Enter', at: 1025 })).toEqual(NONE);
  });

  it('honours custom terminators and minLength', () => {
    expect(type(new KeyboardWedgeDetector({ terminators: ['Enter'], minLength: 2 }), ['4', '2', 'Tab'], 5).at(-1)).toEqual(NONE);
    expect(type(new KeyboardWedgeDetector({ minLength: 2 }), ['4', '2', 'Enter'], 5).at(-1)).toEqual({ type: 'scan', text: '42' });
  });

  it('counts characters, not UTF-16 units, and keeps spaces', () => {
    expect(type(new KeyboardWedgeDetector(), ['é', ' ', '😀', 'x', 'Enter'], 5).at(-1)).toEqual({ type: 'scan', text: 'é 😀x' });
  });

  it('an endless burst (a held key repeating) starts again every 256 keys', () => {
    const verdicts = type(new KeyboardWedgeDetector(), Array(300).fill('a'), 30);
    expect(verdicts.map((v, i) => [v.type, i]).filter(([t]) => t === 'start')).toEqual([
      ['start', 0],
      ['start', 256],
    ]);
  });
});

describe('learning the limit from a scan', () => {
  it('proposes the longest gap half again plus 20 ms, rounded up to 10 ms', () => {
    // A Datalogic scanner set to a 500 ms inter-character delay, one gap stretched by a busy kiosk.
    expect(learnWedgeGap([0, 500, 1000, 1530, 2030, 2530])).toEqual({
      longestGapMs: 530,
      proposedMs: 820,
    });
    // A fast USB reader: the setting's floor.
    expect(learnWedgeGap([0, 4, 8, 12, 16, 20])).toEqual({
      longestGapMs: 4,
      proposedMs: 30,
    });
  });

  it('stays within the setting’s range, and refuses a scan too short for a badge', () => {
    expect(learnWedgeGap([0, 990, 1980, 2970, 3960, 4950])?.proposedMs).toBe(1510);
    expect(learnWedgeGap([0, 1900, 3800, 5700, 7600])?.proposedMs).toBe(WEDGE_GAP_MS.max);
    expect(learnWedgeGap([0, 5, 10, 15])).toBeNull();
  });

  it('the reader.wedgeGapMs setting takes the range and refuses values outside it', () => {
    const { schema } = SETTINGS['reader.wedgeGapMs'];
    expect(schema.parse('150')).toBe(150);
    expect(schema.safeParse(WEDGE_GAP_MS.max + 1).success).toBe(false);
    expect(schema.safeParse(5).success).toBe(false);
  });
});

/** What a host with another layout makes of a US scanner's keys: `key` as that layout gives it, `code` and shift as the scanner sent them. */
const AZERTY: Record<string, string> = { KeyQ: 'a', KeyA: 'q', KeyW: 'z', KeyZ: 'w', Semicolon: 'm', Period: ':', Slash: '!', Minus: ')', Equal: '=' };
const AZERTY_DIGITS = '&é"\'(-è_çà';
function usScannerOn(layout: 'azerty' | 'qwertz', text: string, start = 1000, gap = 4) {
  const events = [...text].map((c, i) => {
    const upper = c.toUpperCase();
    const code = /[A-Z]/.test(upper)
      ? `Key${upper}`
      : /[0-9]/.test(c)
        ? `Digit${c}`
        : (
            { ' ': 'Space', ':': 'Semicolon', '-': 'Minus', '.': 'Period', '/': 'Slash', '+': 'Equal', $: 'Digit4', '%': 'Digit5', '*': 'Digit8' } as Record<
              string,
              string
            >
          )[c]!;
    const shift = /[A-Z:+$%*]/.test(c);
    let key: string;
    if (layout === 'qwertz')
      key =
        code === 'Equal'
          ? 'Dead'
          : code === 'KeyY'
            ? shift
              ? 'Z'
              : 'z'
            : code === 'KeyZ'
              ? shift
                ? 'Y'
                : 'y'
              : code === 'Semicolon'
                ? shift
                  ? 'Ö'
                  : 'ö'
                : c;
    else if (code.startsWith('Digit')) key = shift ? code.slice(5) : AZERTY_DIGITS['1234567890'.indexOf(code.slice(5))]!;
    else if (code in AZERTY) key = shift ? AZERTY[code]!.toUpperCase() : AZERTY[code]!;
    else key = c;
    return { key, code, shift, at: start + i * gap };
  });
  return [...events, { key: 'Enter', code: 'Enter', shift: false, at: start + text.length * gap }];
}

describe('a visa pass from a US-layout scanner, whatever the host’s keyboard layout', () => {
  const pass = 'CV1:6BF%*9+ZY./-$QA W0';

  it('an AZERTY host: the pass is read by its physical keys, not as the layout turned it ("CV&M…")', () => {
    const detector = new KeyboardWedgeDetector();
    const verdicts = usScannerOn('azerty', pass).map((e) => detector.key(e));
    expect(verdicts.at(-1)).toEqual({ type: 'scan', text: pass });
  });

  it('a QWERTZ host, where the scanner’s "+" is a dead key and Y and Z swap', () => {
    const detector = new KeyboardWedgeDetector();
    const verdicts = usScannerOn('qwertz', pass).map((e) => detector.key(e));
    expect(verdicts.at(-1)).toEqual({ type: 'scan', text: pass });
  });

  it('a badge that is no pass is read as the host’s layout typed it, as before', () => {
    const detector = new KeyboardWedgeDetector();
    expect(
      usScannerOn('azerty', 'QA12')
        .map((e) => detector.key(e))
        .at(-1),
    ).toEqual({ type: 'scan', text: 'AQ&é' });
  });
});
