import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.js';
import { addMember, removeMember, replaceRoster, updateMember } from '../../registry/store/members.js';
import { openRegistryDb } from '../../registry/store/open.js';
import { useTempDir } from '../fixtures/temp.js';
import { makeRegistry, setSpaceState } from './registry-fixture.js';

/**
 * A kiosk gives a badge two members claim to neither. Were the registry to publish a second claim,
 * one space could shut another space's member out of every kiosk (their own space's included) by
 * listing that member's badge number: the registry refuses the second claim and says whose it is.
 */

const tempDir = useTempDir();
const alpha = { space: 'alpha', actor: 'kiosk:k-alpha' } as const;
const beta = { space: 'beta', actor: 'kiosk:k-beta' } as const;
const member = (id: string, ...credentials: object[]) => ({ id, name: `Member ${id}`, email: `${id}@example.org`, status: 'active', credentials });
const rfid = (value: string, form?: string) => ({ kind: 'rfid', value, ...(form && { form }) });
const barcode = (value: string) => ({ kind: 'barcode', value });
const ids = (db: Db, space: string) => db.prepare('SELECT id FROM members WHERE space_id = ? ORDER BY id').pluck().all(space);

describe('a badge belongs to one member across the alliance', () => {
  it("refuses another space's member claiming a badge, in any written form, and changes nothing", () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: member('a1', rfid('0A1B2C3D')) });
    expect(() => addMember(db, { ...beta, member: member('b1', rfid('0a:1b:2c:3d')) })).toThrow(
      'badge rfid:0A1B2C3D already belongs to member a1 of space alpha: a badge belongs to one member',
    );
    // 0A1B2C3D as a 32-bit decimal is 0169552957: the same card.
    expect(() => replaceRoster(db, { ...beta, members: [member('b2'), member('b3', rfid('0169552957', 'decimal'))] })).toThrow(
      'members[1] (b3): badge rfid.decimal:0169552957 already belongs to member a1 of space alpha',
    );
    addMember(db, { ...beta, member: member('b4', rfid('11223344')) });
    expect(() => updateMember(db, { ...beta, id: 'b4', patch: { credentials: [rfid('0A1B2C3D')] } })).toThrow('already belongs to member a1 of space alpha');
    expect(ids(db, 'beta')).toEqual(['b4']);
    expect(db.prepare("SELECT credentials FROM members WHERE id = 'b4'").pluck().get()).toContain('11223344');
  });

  it("refuses the number printed on another space's member's card, or its Wiegand bits: a kiosk could not tell the two apart", () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: member('a1', rfid('4B00423C15')) });
    // 0004340757 is the decimal of 4B00423C15's low 32 bits, 066/15381 its low 24 (0x42, 0x3C15).
    expect(() => addMember(db, { ...beta, member: member('b1', rfid('0004340757', 'decimal')) })).toThrow(
      'badge rfid.decimal:0004340757 could be the card of member a1 of space alpha: a reader giving only the bits both know could not tell them apart',
    );
    expect(() => replaceRoster(db, { ...beta, members: [member('b2', rfid('066/15381', 'wiegand26'))] })).toThrow(
      'members[0] (b2): badge rfid.wiegand26:423C15 could be the card of member a1 of space alpha',
    );
    // Two whole UIDs sharing their low bits are two cards: a kiosk reading either whole tells them apart.
    addMember(db, { ...beta, member: member('b3', rfid('5C00423C15')) });
    // The other way round: a whole UID whose low bits another space's printed number already names.
    addMember(db, { ...alpha, member: member('a2', rfid('11223344', 'decimal')) });
    expect(() => addMember(db, { ...beta, member: member('b4', rfid('7700AB4130')) })).toThrow(
      'badge rfid:7700AB4130 could be the card of member a2 of space alpha',
    );
    expect(ids(db, 'beta')).toEqual(['b3']);
  });

  it("refuses another space's member's barcode written in another case or with other separators: a kiosk finds both as one", () => {
    const { db } = makeRegistry(tempDir());
    addMember(db, { ...alpha, member: member('a1', barcode('CD-0001')) });
    for (const written of ['cd0001', 'CD 0001', 'c.d_0001'])
      expect(() => addMember(db, { ...beta, member: member('b1', barcode(written)) })).toThrow(
        `badge barcode:${written} is the barcode of member a1 of space alpha as a kiosk finds a typed one, without regard to case, spaces, dashes, dots and underscores: a badge belongs to one member`,
      );
    expect(() => replaceRoster(db, { ...beta, members: [member('b2', barcode('AB-1')), member('b3', barcode('ab1'))] })).toThrow(
      'members[1] (b3): badge barcode:ab1 is given to both b2 and b3',
    );
    expect(() => addMember(db, { ...alpha, member: member('a2', barcode('cd-0001')) })).toThrow('is the barcode of member a1 of space alpha');
    // Another barcode, and the holder's own badge written anew, are taken.
    addMember(db, { ...beta, member: member('b4', barcode('CD-0002')) });
    updateMember(db, { ...alpha, id: 'a1', patch: { credentials: [barcode('cd-0001')] } });
    expect(ids(db, 'beta')).toEqual(['b4']);
  });

  it('keeps publishing a roster whose unchanged rows hold barcodes that clash only folded, stored before such clashes were refused; a changed row may not add one', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: [member('a1', barcode('AB-1')), member('a2', barcode('XY-1'))] });
    // Stored as an older registry took them: a2's barcode folds to a1's.
    db.prepare("UPDATE members SET credentials = ? WHERE id = 'a2'").run(JSON.stringify([barcode('ab1')]));
    db.prepare("UPDATE member_credentials SET value = 'ab1', folded = 'AB1' WHERE member_id = 'a2'").run();
    const kept = [member('a1', barcode('AB-1')), member('a2', barcode('ab1'))];
    expect(replaceRoster(db, { ...alpha, members: [...kept, member('a3', barcode('CD-3'))] })).toMatchObject({ added: 1, changed: 0, removed: 0 });
    expect(() => replaceRoster(db, { ...alpha, members: [member('a4', barcode('a-b-1')), ...kept] })).toThrow(
      'members[1] (a1): badge barcode:AB-1 is given to both a4 and a1',
    );
    expect(() => replaceRoster(db, { ...alpha, members: [...kept, member('a4', barcode('a-b-1'))] })).toThrow(
      'members[2] (a4): badge barcode:a-b-1 is given to both a1 and a4',
    );
    expect(ids(db, 'alpha')).toEqual(['a1', 'a2', 'a3']);
  });

  it('knows the folded barcodes of members stored before the registry kept them', () => {
    const dir = tempDir();
    const { db } = makeRegistry(dir);
    addMember(db, { ...alpha, member: member('a1', barcode('CD-0001')) });
    // Back to version 4: the badge table with no folded barcodes.
    db.exec('DROP INDEX member_credentials_folded; ALTER TABLE member_credentials DROP COLUMN folded');
    db.pragma('user_version = 4');
    db.close();
    const reopened = openRegistryDb(dir);
    expect(() => addMember(reopened, { ...beta, member: member('b1', barcode('cd0001')) })).toThrow('is the barcode of member a1 of space alpha');
    reopened.close();
  });

  it('refuses a roster that gives one badge to two of its rows', () => {
    const { db } = makeRegistry(tempDir());
    expect(() => replaceRoster(db, { ...alpha, members: [member('a1', rfid('0A1B2C3D')), member('a2', rfid('0a1b2c3d'))] })).toThrow(
      'members[1] (a2): badge rfid:0A1B2C3D is given to both a1 and a2',
    );
    expect(ids(db, 'alpha')).toEqual([]);
  });

  it('lets a badge pass on once its holder is gone, and within a space by a roster', () => {
    const { db } = makeRegistry(tempDir());
    replaceRoster(db, { ...alpha, members: [member('a1', rfid('0A1B2C3D')), member('a2')] });
    replaceRoster(db, { ...alpha, members: [member('a1'), member('a2', rfid('0A1B2C3D'))] });
    removeMember(db, { ...alpha, id: 'a2' });
    addMember(db, { ...beta, member: member('b1', rfid('0A1B2C3D')) });
    setSpaceState(db, 'beta', 'removed');
    addMember(db, { ...alpha, member: member('a3', rfid('0A1B2C3D')) });
    expect(ids(db, 'alpha')).toEqual(['a1', 'a3']);
  });

  it('knows the badges of members stored before the registry kept track of them', () => {
    const dir = tempDir();
    const { db } = makeRegistry(dir);
    addMember(db, { ...alpha, member: member('a1', rfid('0A1B2C3D')) });
    // Back to version 1: the tables made since come again with the migrations after it.
    db.exec('DROP TABLE member_credentials; DROP TABLE announcements');
    db.pragma('user_version = 1');
    db.close();
    const reopened = openRegistryDb(dir);
    expect(() => addMember(reopened, { ...beta, member: member('b1', rfid('0A1B2C3D')) })).toThrow('already belongs to member a1 of space alpha');
    reopened.close();
  });

  it('knows the low bits of badges stored before the registry kept them', () => {
    const dir = tempDir();
    const { db } = makeRegistry(dir);
    addMember(db, { ...alpha, member: member('a1', rfid('4B00423C15')) });
    // Back to version 3: the badge table as it was, with no low bits.
    db.exec(
      'DROP INDEX member_credentials_low32; DROP INDEX member_credentials_low24; DROP INDEX member_credentials_folded; ALTER TABLE member_credentials DROP COLUMN bits; ALTER TABLE member_credentials DROP COLUMN low32; ALTER TABLE member_credentials DROP COLUMN low24; ALTER TABLE member_credentials DROP COLUMN folded',
    );
    db.pragma('user_version = 3');
    db.close();
    const reopened = openRegistryDb(dir);
    expect(() => addMember(reopened, { ...beta, member: member('b1', rfid('0004340757', 'decimal')) })).toThrow(
      'could be the card of member a1 of space alpha',
    );
    reopened.close();
  });
});
