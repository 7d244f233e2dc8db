import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, logFileBeside } from '../../service/logging/logger';
import { redact } from '../../service/logging/redact';
import { Kiosk } from '../../service/kiosk';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const mode = (file: string) => fs.statSync(file).mode & 0o777;

interface Line {
  time: string;
  level: string;
  event: string;
  fields: Record<string, unknown>;
}
const parse = (text: string): Line[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

describe('the log file', () => {
  it('rotates by size, keeping maxFiles files, every line whole JSON, owner-only', () => {
    const dir = tempDir();
    const file = path.join(dir, 'logs', 'kiosk.log');
    const log = createLogger({ file, maxBytes: 2000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) log.info('tick', { i, padding: 'x'.repeat(40) });
    log.close();
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    const files = [`${file}.2`, `${file}.1`, file];
    const lines = files.flatMap((f) => parse(fs.readFileSync(f, 'utf8')));
    for (const f of files) {
      expect(fs.statSync(f).size).toBeLessThanOrEqual(2000);
      expect(mode(f)).toBe(0o600);
    }
    expect(mode(path.dirname(file))).toBe(0o700);
    // Oldest to newest across the files, ending with the last event; older ones were dropped.
    const seen = lines.map((l) => l.fields.i as number);
    expect(seen.at(-1)).toBe(199);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBeGreaterThan(0);
    expect(lines[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'info',
      event: 'tick',
      fields: { i: seen[0], padding: 'x'.repeat(40) },
    });
  });

  it('follows a rotation made by another writer of the same file (the CLI beside the running kiosk)', () => {
    const file = path.join(tempDir(), 'kiosk.log');
    const kiosk = createLogger({ file, maxBytes: 1500, maxFiles: 50 });
    const cli = createLogger({ file, maxBytes: 1500, maxFiles: 50 });
    // Warnings are written at once: the two writers take turns on the file, line by line.
    for (let i = 0; i < 100; i++) (i % 2 ? cli : kiosk).warn('tick', { i });
    kiosk.close();
    cli.close();
    const names = fs.readdirSync(path.dirname(file));
    expect(names.length).toBeGreaterThan(2);
    const all = names.flatMap((n) => parse(fs.readFileSync(path.join(path.dirname(file), n), 'utf8'))).map((l) => l.fields.i);
    expect(all.sort((a, b) => (a as number) - (b as number))).toEqual([...Array(100).keys()]);
  });

  it('writes to a new file at once when the log was deleted under it, losing no line', () => {
    const file = path.join(tempDir(), 'logs', 'kiosk.log');
    const log = createLogger({ file });
    log.warn('before', { i: 1 });
    fs.rmSync(file);
    log.warn('after', { i: 2 });
    log.close();
    expect(parse(fs.readFileSync(file, 'utf8')).map((l) => l.event)).toEqual(['after']);
  });

  it('writes routine lines once the current turn is over, so a tap is not kept waiting by the log; warnings at once', async () => {
    const file = path.join(tempDir(), 'kiosk.log');
    const log = createLogger({ file });
    log.info('checkin', { decision: 'admitted' });
    log.info('checkin', { decision: 'denied' });
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').toBe('');
    await new Promise((resolve) => setImmediate(resolve));
    expect(parse(fs.readFileSync(file, 'utf8')).map((l) => l.fields.decision)).toEqual(['admitted', 'denied']);
    log.info('checkin', { decision: 'admitted' });
    log.warn('kiosk', { message: 'the reader is gone' });
    // The warning comes after what was waiting before it, both already on disk.
    expect(parse(fs.readFileSync(file, 'utf8')).map((l) => l.event)).toEqual(['checkin', 'checkin', 'checkin', 'kiosk']);
    log.close();
  });

  it('narrows an existing log file to owner-only', () => {
    const file = path.join(tempDir(), 'kiosk.log');
    fs.writeFileSync(file, '', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const log = createLogger({ file });
    log.info('started');
    log.close();
    expect(mode(file)).toBe(0o600);
  });

  it('echoes warnings and errors as one plain line, not routine events; never throws when it cannot write', () => {
    const dir = tempDir();
    const echoed: string[] = [];
    const log = createLogger({ file: path.join(dir, 'kiosk.log'), echo: (line) => echoed.push(line) });
    log.info('checkin', { decision: 'admitted' });
    log.warn('kiosk', { message: 'visa list sync: the server said 503 (ask ada@example.org)' });
    log.error('backup', { file: '/x' });
    log.close();
    expect(echoed).toEqual(['visa list sync: the server said 503 (ask [email])', 'backup {"file":"/x"}']);
    // A folder where the file should be: the event is lost, the caller is not.
    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(blocked);
    const broken = createLogger({ file: blocked, echo: (line) => echoed.push(line) });
    expect(() => {
      broken.info('a');
      broken.info('b');
      broken.close();
    }).not.toThrow();
    expect(echoed.filter((l) => l.includes('cannot be written'))).toHaveLength(1);
  });
});

describe('redaction', () => {
  it('blanks personal fields by name and email addresses in any text, keeping the rest', () => {
    expect(
      redact({
        name: 'Ada Lovelace',
        memberName: 'Ada Lovelace',
        member: { id: 'cc-1', name: 'Ada Lovelace', space: 'cedar', spaceName: 'Cedar Commons' },
        email: 'ada@example.org',
        guestEmail: 'ada@example.org',
        pin: '271828',
        pinHash: 'scrypt$…',
        token: 'abc',
        staffTicket: 'def',
        company: 'Analytical Engines',
        message: 'sent to ada@example.org and g.hopper@navy.mil.',
        list: [{ email: 'x@y.org' }, 'z@w.org'],
        visitId: 7,
        missing: null,
        at: new Date('2026-11-21T10:00:00Z'),
        error: new Error('no such guest bob@example.org'),
      }),
    ).toEqual({
      name: '[redacted]',
      memberName: '[redacted]',
      member: { id: 'cc-1', name: '[redacted]', space: 'cedar', spaceName: 'Cedar Commons' },
      email: '[redacted]',
      guestEmail: '[redacted]',
      pin: '[redacted]',
      pinHash: '[redacted]',
      token: '[redacted]',
      staffTicket: '[redacted]',
      company: '[redacted]',
      message: 'sent to [email] and [email].',
      list: [{ email: '[redacted]' }, '[email]'],
      visitId: 7,
      missing: null,
      at: '2026-11-21T10:00:00.000Z',
      error: { message: 'no such guest [email]' },
    });
  });

  it("keeps a named visitor's check-in, a staff PIN sign-in and a day pass buyer's email out of logs/kiosk.log", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kiosk.db');
    const service = Kiosk.open(db);
    try {
      await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
      service.settings.set({ key: 'space.id', value: 'harbour' });
      service.staff.add({ name: 'Maria Manager', role: 'manager', pin: '482193' });
      expect(service.desk.checkin({ credential: 'CC-1' })).toMatchObject({ decision: 'admitted', member: { name: 'Ada Lovelace' } });
      expect(service.staff.signIn({ staffId: 1, pin: '999999' })).toMatchObject({ refusal: { refused: 'wrong_pin' }, message: /PIN is not right/ });
      expect(service.staff.signIn({ staffId: 1, pin: '482193' })).toMatchObject({ staff: { name: 'Maria Manager' } });
      service.desk.sellDayPass({ name: 'Grace Guest', email: 'grace.guest@example.org', company: 'Hopper & Co' });
    } finally {
      await service.close();
    }
    // And from the command line, a separate process writing the same file.
    expect((await visaKiosk(['--db', db, 'daypass', '--name', 'Linus Walk-in', '--email', 'linus@example.org'])).code).toBe(0);
    const checkin = await visaKiosk(['--db', db, 'checkin', 'SW-1']);
    expect(checkin).toMatchObject({ code: 0, stderr: '' });

    const file = logFileBeside(db);
    expect(file).toBe(path.join(dir, 'logs', 'kiosk.log'));
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of [
      'Ada Lovelace',
      'Maria Manager',
      '482193',
      '999999',
      'Grace Guest',
      'grace.guest@example.org',
      'Hopper',
      'Linus',
      'linus@example.org',
      'Jürgen',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const events = parse(text);
    expect(events.map((e) => e.event)).toEqual(['checkin', 'staff.signInRefused', 'staff.signIn', 'daypass', 'daypass', 'checkin']);
    expect(events[0]).toMatchObject({
      level: 'info',
      fields: { decision: 'admitted', visitId: 1, member: { id: 'cc-1', name: '[redacted]', spaceName: 'Cedar Commons' } },
    });
    expect(events[2]).toMatchObject({ fields: { with: 'PIN', staffId: 1 } });
    expect(mode(file)).toBe(0o600);
  });
});
