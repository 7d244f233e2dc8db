import { describe, expect, it } from 'vitest';
import { RepeatFilter } from '../../drivers/readers/repeat-filter';

describe('a card resting on the reader', () => {
  it('counts once while its frames keep coming, and again once it has been away for the window', () => {
    const filter = new RepeatFilter(3000);
    expect(filter.accept('rfid:A', 0)).toBe(true);
    // An RDM6300 repeats the frame every ~100 ms: the window slides with each one.
    for (let at = 100; at <= 5000; at += 100) expect(filter.accept('rfid:A', at)).toBe(false);
    expect(filter.accept('rfid:A', 7999)).toBe(false);
    expect(filter.accept('rfid:A', 10_999)).toBe(true);
  });

  it('keeps each card to its own window among a rush of other cards', () => {
    const filter = new RepeatFilter(3000);
    expect(filter.accept('rfid:A', 0)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(filter.accept(`rfid:${i}`, 1 + i)).toBe(true);
    expect(filter.accept('rfid:A', 2500)).toBe(false);
    expect(filter.accept('rfid:3', 3005)).toBe(true);
    expect(filter.accept('rfid:1500', 3005)).toBe(false);
    expect(filter.accept('rfid:A', 5499)).toBe(false);
    expect(filter.accept('rfid:A', 8499)).toBe(true);
  });
});
