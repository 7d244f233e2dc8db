import { describe, expect, it } from 'vitest';
import { MAX_SCREENS, MAX_SCREENS_PER_DEVICE, SCREENS_KEPT_FOR_THIS_COMPUTER } from '../../service/web/limits';
import { roomForScreen } from '../../service/web/screen-places';

const here = (i: number) => ({ id: `screen at 127.0.0.${i}`, local: true });
const tablet = (address: string) => ({ id: `screen at ${address}`, local: false });
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('which screen may open', () => {
  it(`this computer opens screens up to ${MAX_SCREENS} in all`, () => {
    expect(roomForScreen(times(MAX_SCREENS - 1, here), here(1))).toBe(true);
    expect(roomForScreen(times(MAX_SCREENS, here), here(1))).toBe(false);
  });

  it(`one paired device holds at most ${MAX_SCREENS_PER_DEVICE}; another device still opens its own`, () => {
    const open = times(MAX_SCREENS_PER_DEVICE, () => tablet('192.168.1.20'));
    expect(roomForScreen(open, tablet('192.168.1.20'))).toBe(false);
    expect(roomForScreen(open, tablet('192.168.1.21'))).toBe(true);
    expect(roomForScreen(open, here(1))).toBe(true);
  });

  it(`devices elsewhere together leave ${SCREENS_KEPT_FOR_THIS_COMPUTER} places to this computer's own screens`, () => {
    const devices = times(MAX_SCREENS - SCREENS_KEPT_FOR_THIS_COMPUTER, (i) => tablet(`192.168.1.${30 + Math.floor(i / 2)}`));
    expect(roomForScreen(devices, tablet('192.168.1.99'))).toBe(false);
    const withOwn = [...devices, ...times(SCREENS_KEPT_FOR_THIS_COMPUTER - 1, here)];
    expect(roomForScreen(withOwn, here(1))).toBe(true);
    expect(roomForScreen([...withOwn, here(2)], here(3))).toBe(false);
  });

  it('a socket still opening counts toward the whole, not toward any device', () => {
    const open = [...times(MAX_SCREENS_PER_DEVICE - 1, () => tablet('192.168.1.20')), undefined];
    expect(roomForScreen(open, tablet('192.168.1.20'))).toBe(true);
    expect(
      roomForScreen(
        times(MAX_SCREENS, () => undefined),
        here(1),
      ),
    ).toBe(false);
  });
});
