/** Set-up shared by the morning test: the visitors' list, the kiosk's settings, and what the test reads back. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Feed } from '../../core/feed';
import { Kiosk } from '../../service/kiosk';
import { feedBytes, smallFeed } from '../fixtures/feeds';

export const VISITORS = Number(process.env.MORNING_VISITORS ?? 30);
export const LOCK_MS = Number(process.env.MORNING_LOCK_MS ?? 6_000);
export const MANAGER_PIN = '135790';

export const uidOf = (i: number) => `30${(0x00c0de00 + i).toString(16).toUpperCase().padStart(8, '0')}`;

/** Visa visitors from Cedar Commons with an EM4100 badge each (and a barcode VISA-i), on a list signed today. */
export function morningFeed(count: number): Feed {
  const feed = smallFeed({ generatedAt: new Date().toISOString() });
  const visitors = Array.from({ length: count }, (_, k) => ({
    id: `visa-${k + 1}`,
    space: 'cedar',
    name: `Visitor ${k + 1}`,
    email: '',
    status: 'active' as const,
    validUntil: null,
    credentials: [
      { kind: 'rfid' as const, value: uidOf(k + 1) },
      { kind: 'barcode' as const, value: `VISA-${k + 1}` },
    ],
  }));
  return { ...feed, members: [...feed.members, ...visitors] };
}

export async function setUp(db: string, reader: string, printer: string): Promise<void> {
  const service = Kiosk.open(db);
  try {
    await service.visaList.importFeed({ feed: feedBytes(morningFeed(VISITORS)) });
    const settings = {
      'space.id': 'harbour',
      'printer.name': printer,
      'printer.format': 'zpl',
      'printer.label': '4x3in',
      'printer.timeoutSeconds': '10',
      readers: JSON.stringify([{ id: 'desk', type: 'serial', path: reader, protocol: 'em4100' }]),
    };
    for (const [key, value] of Object.entries(settings)) service.settings.set({ key, value });
    service.staff.add({ name: 'Maya Okafor', role: 'manager', pin: MANAGER_PIN });
  } finally {
    await service.close();
  }
}

export function readVisits(db: string): { id: number; kind: string; decision: string; member_id: string | null; badge_status: string | null }[] {
  const log = new Database(db, { readonly: true });
  try {
    return log.prepare('SELECT * FROM visits ORDER BY id').all() as never;
  } finally {
    log.close();
  }
}

/** ZPL labels in the capture file: each badge is one ^XA … ^XZ block. */
export const labelsPrinted = (capture: string) => (fs.existsSync(capture) ? (fs.readFileSync(capture, 'latin1').match(/\^XA/g)?.length ?? 0) : 0);

export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name });
