import { describe, expect, it } from 'vitest';
import type { WedgeVerdict } from '../../core/keyboard-wedge';
import { defaultWedgeOptions, KeyboardWedgeDetector } from '../../core/keyboard-wedge';

/** Types `keys` starting at `start`, `gap` ms apart; returns each verdict. */
function type(detector: KeyboardWedgeDetector, keys: string[], gap: number, start = 1000): WedgeVerdict[] {
  return keys.map((key, i) => detector.key({ key, at: start + i * gap }));
}

const chars = (text: string) => [...text];

describe('keyboard wedge detector', () => {
  it('recognises a scanner burst ended by Enter, holding every key', () => {
    const verdicts = type(new KeyboardWedgeDetector(), [...chars('0F00A1B2C3'), 'Enter'], 8);
    expect(verdicts.slice(0, 10)).toEqual(Array(10).fill({ type: 'pending' }));
    expect(verdicts[10]).toEqual({ type: 'scan', text: '0F00A1B2C3' });
  });

  it('recognises Tab as a terminator and lets Shift through without breaking the burst', () => {
    const detector = new KeyboardWedgeDetector();
    const verdicts = type(detector, ['0', 'Shift', 'F', '0', '0', 'Tab'], 5);
    expect(verdicts[1]).toEqual({ type: 'pass' });
    expect(verdicts[5]).toEqual({ type: 'scan', text: '0F00' });
  });

  it('accepts gaps up to maxInterKeyMs, and a configured one', () => {
    expect(type(new KeyboardWedgeDetector(), [...chars('1234'), 'Enter'], 35).at(-1)).toEqual({ type: 'scan', text: '1234' });
    expect(type(new KeyboardWedgeDetector({ maxInterKeyMs: 60 }), [...chars('1234'), 'Enter'], 60).at(-1)).toEqual({ type: 'scan', text: '1234' });
  });

  it('gives back held keys as typing when a gap exceeds maxInterKeyMs, then passes keys through', () => {
    const detector = new KeyboardWedgeDetector();
    expect(detector.key({ key: 'J', at: 1000 })).toEqual({ type: 'pending' });
    expect(detector.key({ key: 'o', at: 1020 })).toEqual({ type: 'pending' });
    expect(detector.key({ key: 'h', at: 1150 })).toEqual({ type: 'human', keys: ['J', 'o', 'h'] });
    expect(detector.key({ key: 'n', at: 1300 })).toEqual({ type: 'pass' });
    expect(detector.key({ key: 'Enter', at: 1450 })).toEqual({ type: 'pass' });
  });

  it('treats a burst shorter than minLength ended by a terminator as typing', () => {
    expect(type(new KeyboardWedgeDetector(), ['a', 'b', 'c', 'Enter'], 5).at(-1)).toEqual({ type: 'human', keys: ['a', 'b', 'c', 'Enter'] });
  });

  it('treats a slow terminator after a fast burst as typing', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('12345'), 5, 1000);
    expect(detector.key({ key: 'Enter', at: 1100 })).toEqual({ type: 'human', keys: ['1', '2', '3', '4', '5', 'Enter'] });
  });

  it('flush() after a pause gives back a burst that had no terminator, never a scan', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('0F00A1B2C3'), 5, 1000);
    expect(detector.flush(1045)).toEqual({ type: 'pending' });
    expect(detector.flush(1045 + defaultWedgeOptions.maxInterKeyMs)).toEqual({ type: 'human', keys: chars('0F00A1B2C3') });
    expect(detector.flush(2000)).toEqual({ type: 'pass' });
  });

  it('flush() with nothing held passes', () => {
    expect(new KeyboardWedgeDetector().flush(0)).toEqual({ type: 'pass' });
  });

  it('passes keys that are not buffered: terminators and named keys when idle, modifiers always', () => {
    const detector = new KeyboardWedgeDetector();
    expect(detector.key({ key: 'Enter', at: 0 })).toEqual({ type: 'pass' });
    expect(detector.key({ key: 'ArrowLeft', at: 1 })).toEqual({ type: 'pass' });
    expect(detector.key({ key: 'Control', at: 2 })).toEqual({ type: 'pass' });
  });

  it('a named key in the middle of a burst is typing, given back in order', () => {
    const verdicts = type(new KeyboardWedgeDetector(), ['a', 'b', 'Backspace', 'c'], 5);
    expect(verdicts[2]).toEqual({ type: 'human', keys: ['a', 'b', 'Backspace'] });
    expect(verdicts[3]).toEqual({ type: 'pass' });
  });

  it('after a pause in human typing, recognises a scan again', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('hello'), 150, 1000); // human mode from the second key
    const scan = type(detector, [...chars('CC-1'), 'Enter'], 6, 1000 + 4 * 150 + 500);
    expect(scan.at(-1)).toEqual({ type: 'scan', text: 'CC-1' });
  });

  it('stays in human mode while typing continues without a long pause', () => {
    const detector = new KeyboardWedgeDetector();
    type(detector, chars('hi'), 200, 1000);
    // a scanner burst 300 ms after the last human key is still inside the pause window
    expect(type(detector, [...chars('CC-1'), 'Enter'], 5, 1500)).toEqual(Array(5).fill({ type: 'pass' }));
  });

  it('honours custom terminators and minLength', () => {
    const detector = new KeyboardWedgeDetector({ terminators: ['Enter'], minLength: 2 });
    expect(type(detector, ['4', '2', 'Tab'], 5).at(-1)).toEqual({ type: 'human', keys: ['4', '2', 'Tab'] });
    expect(type(new KeyboardWedgeDetector({ minLength: 2 }), ['4', '2', 'Enter'], 5).at(-1)).toEqual({ type: 'scan', text: '42' });
  });

  it('counts characters, not UTF-16 units, and buffers spaces', () => {
    expect(type(new KeyboardWedgeDetector(), ['é', ' ', '😀', 'x', 'Enter'], 5).at(-1)).toEqual({ type: 'scan', text: 'é 😀x' });
  });

  it('gives up on an endless burst (a held key repeating) instead of holding keys forever', () => {
    const verdicts = type(new KeyboardWedgeDetector(), Array(300).fill('a'), 30);
    const human = verdicts.findIndex((v) => v.type === 'human');
    expect(human).toBe(256);
    expect(verdicts[human]).toEqual({ type: 'human', keys: Array(257).fill('a') });
    expect(verdicts[299]).toEqual({ type: 'pass' });
  });
});
