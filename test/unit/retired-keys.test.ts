import { describe, expect, it } from 'vitest';
import { KEYS_FORMAT, KeysDocument } from '../../core/registry/documents';
import { keysToRetire, passKeys, retireOnline } from '../../core/registry/retired-keys';

const key = (letter: string) => letter.repeat(43);
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const document = (online: string, version: number, issuedAt: Date, retired?: KeysDocument['retired']): KeysDocument =>
  KeysDocument.parse({ format: KEYS_FORMAT, alliance: 'A', root: key('R'), online, version, issuedAt: issuedAt.toISOString(), ...(retired && { retired }) });

describe('retired online keys', () => {
  it('a document from before the list reads as naming none: the key a kiosk had is retired when the new one was issued', () => {
    expect(keysToRetire(document(key('B'), 2, day(3)), key('A'), day(4))).toEqual([{ online: key('A'), retiredAt: day(3).toISOString() }]);
  });

  it('a kiosk trusts every key the document names within a pass lifetime, never the current one as retired', () => {
    const next = document(key('C'), 3, day(40), [
      { online: key('A'), version: 1, retiredAt: day(2).toISOString() },
      { online: key('B'), version: 2, retiredAt: day(30).toISOString() },
      { online: key('C'), version: 3, retiredAt: day(40).toISOString() },
    ]);
    expect(keysToRetire(next, key('A'), day(40))).toEqual([{ online: key('B'), retiredAt: day(30).toISOString() }]);
    expect(keysToRetire(next, null, day(10))).toEqual([
      { online: key('A'), retiredAt: day(2).toISOString() },
      { online: key('B'), retiredAt: day(30).toISOString() },
    ]);
  });

  it('the registry carries the list forward, dropping keys retired more than a pass lifetime ago', () => {
    const current = document(key('B'), 2, day(1), [{ online: key('A'), version: 1, retiredAt: day(1).toISOString() }]);
    expect(retireOnline(current, day(20))).toEqual([
      { online: key('A'), version: 1, retiredAt: day(1).toISOString() },
      { online: key('B'), version: 2, retiredAt: day(20).toISOString() },
    ]);
    expect(retireOnline(current, day(33))).toEqual([{ online: key('B'), version: 2, retiredAt: day(33).toISOString() }]);
  });

  it('the registry checks a member’s pass with its online key and the keys retired within a pass lifetime, each with when', () => {
    const current = document(key('C'), 3, day(40), [
      { online: key('A'), version: 1, retiredAt: day(2).toISOString() },
      { online: key('B'), version: 2, retiredAt: day(30).toISOString() },
    ]);
    expect(passKeys(current, day(40))).toEqual([
      { online: key('C'), retiredAt: null },
      { online: key('B'), retiredAt: day(30) },
    ]);
    expect(passKeys(document(key('A'), 1, day(0)), day(1))).toEqual([{ online: key('A'), retiredAt: null }]);
  });
});
