import { describe, expect, it } from 'vitest';
import { authRows } from '../../registry/http/auth-rows.js';
import { openRegistryDb } from '../../registry/store/open.js';
import { useTempDir } from '../fixtures/temp.js';
import { makeRegistry, setSpaceState } from './registry-fixture.js';

const tempDir = useTempDir();

const addKiosk = (db: ReturnType<typeof openRegistryDb>, id: string, space: string) =>
  db.prepare("INSERT INTO kiosks (id, space_id, public_key, enrolled_at) VALUES (?, ?, ?, '2026-12-01T00:00:00Z')").run(id, space, `key-${id}`);

describe("the rows a request's caller is checked against", () => {
  it("a space suspended or a kiosk revoked by another program counts from the serving registry's next request", () => {
    const dir = tempDir();
    const { db } = makeRegistry(dir);
    addKiosk(db, 'k1', 'alpha');
    expect(authRows(db).space('alpha')?.state).toBe('active');
    expect(authRows(db).kiosk('k1')?.revokedAt).toBeNull();
    expect(authRows(db).kiosk('k2')).toBeNull();

    const coordinator = openRegistryDb(dir);
    setSpaceState(coordinator, 'alpha', 'suspended');
    coordinator.prepare("UPDATE kiosks SET revoked_at = '2026-12-05T00:00:00Z' WHERE id = 'k1'").run();
    addKiosk(coordinator, 'k2', 'beta');
    coordinator.close();
    expect(authRows(db).space('alpha')?.state).toBe('suspended');
    expect(authRows(db).kiosk('k1')?.revokedAt).toBe('2026-12-05T00:00:00Z');
    expect(authRows(db).kiosk('k2')?.spaceId).toBe('beta');
  });

  it('a change written on the serving connection itself counts too', () => {
    const { db } = makeRegistry(tempDir());
    expect(authRows(db).space('beta')?.state).toBe('active');
    setSpaceState(db, 'beta', 'suspended');
    expect(authRows(db).space('beta')?.state).toBe('suspended');
  });
});
