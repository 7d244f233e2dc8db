import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { visits } from '../../db/visits';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

describe("the front desk's view of a stored visit", () => {
  it('carries the reason and badge kind as this version knows them, and null for codes another version wrote', () => {
    const db = openDatabase(path.join(tempDir(), 'kiosk.db'));
    const insert = db.prepare(
      "INSERT INTO visits (at, local_date, kind, decision, reason, credential_kind, credential_value) VALUES ('2026-11-21T09:00:00.000Z', '2026-11-21', ?, ?, ?, ?, ?)",
    );
    insert.run('visa', 'admitted', 'visa', 'rfid', '0F00A1B2C3');
    insert.run(null, 'denied', 'badge_blocked', 'nfc', '04A2B3C4');
    const [legacy, known] = visits(db).onDate('2026-11-21');
    db.close();
    expect(known).toMatchObject({ kind: 'visa', reason: 'visa', credential: { kind: 'rfid', value: '0F00A1B2C3' }, badgeStatus: 'none' });
    expect(legacy).toMatchObject({ kind: null, reason: null, credential: { kind: null, value: '04A2B3C4' } });
  });
});
