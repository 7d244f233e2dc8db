import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { earliestVisitDate } from '../../core/registry/notice-window';
import { signedPass, useNoticeExchange } from '../fixtures/notice-exchange';

/** Announce on a real registry → the host's kiosk syncs → the member is admitted at a host that asks for notice. */

const exchange = useNoticeExchange({ members: ['hw-1,harbour,Inês Carvalho,,active,,barcode:HW-1'], cedarTerms: { noticeHours: 24 }, synced: true });

const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('a visit announced at the registry', () => {
  it('reaches the host kiosk with its next sync and meets its notice; a cancellation takes it back; staff typing one too late are warned', async () => {
    const { dir, registryDir, server, cedar } = exchange();
    const date = earliestVisitDate(new Date(), 'Europe/Lisbon', 24);
    const tap = async () => JSON.parse((await cedar('checkin', 'HW-1', '--kind', 'barcode', '--at', `${date}T12:00:00Z`, '--dry-run', '--json')).stdout);
    // The kiosk joined by the registry's loopback address; the QR for the visitor's phone opens its public one.
    expect(server.url).not.toBe('https://registry.example.org');
    expect(await tap()).toMatchObject({
      decision: 'denied',
      reason: 'notice_required',
      notice: { hours: 24, announceUrl: 'https://registry.example.org/announce?host=cedar' },
    });
    // A kiosk joined before registries said their public address keeps the one it joined by.
    const joinedBefore = new Database(path.join(dir, 'cedar.db'));
    joinedBefore.prepare('UPDATE alliance SET public_url = NULL').run();
    joinedBefore.close();
    expect((await tap()).notice).toMatchObject({ announceUrl: `${server.url}/announce?host=cedar` });

    const pass = await signedPass(registryDir, 'hw-1');
    const announced = await fetch(`${server.url}/v1/announcements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass, host: 'cedar', date }),
    });
    expect(announced.status).toBe(201);
    const { id } = (await announced.json()) as { id: string };
    expect(await tap()).toMatchObject({ decision: 'denied', reason: 'notice_required' });
    expect((await cedar('visa', 'sync')).code).toBe(0);
    expect(await tap()).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'hw-1' } });
    // Nothing new at the registry: the visit stays expected.
    expect((await cedar('visa', 'sync')).code).toBe(0);
    expect(await tap()).toMatchObject({ decision: 'admitted' });

    const cancelled = await fetch(`${server.url}/v1/announcements/${id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pass }),
    });
    expect(cancelled.status).toBe(200);
    expect((await cedar('visa', 'sync')).code).toBe(0);
    expect(await tap()).toMatchObject({ decision: 'denied', reason: 'notice_required' });

    // Staff typing a visit inside the notice window are told it does not count yet (and it is still saved).
    const late = await cedar('expect', 'hw-1', '--date', dayBefore(date));
    expect(late.code).toBe(0);
    expect(late.stderr).toMatch(
      /^visa-kiosk expect: warning: \d{4}-\d\d-\d\d is inside this space's notice window \(24 hours\): the visit counts as announced only from \S+Z, so a tap before then is still refused for notice\n$/,
    );
    expect(await cedar('expect', 'hw-1', '--date', date)).toMatchObject({ code: 0, stderr: '' });
    expect(await tap()).toMatchObject({ decision: 'admitted' });
  }, 120_000);
});
