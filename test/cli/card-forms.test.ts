import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visaKiosk } from '../fixtures/cli';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

/**
 * Cards as membership systems export them. An EM4100 reader vendor's example: UID 4B00423C15 is
 * printed on the card as 0004340757, the decimal of its low 32 bits (0x00423C15 = 4340757); an
 * ID-12LA or RDM6300 reads 4B00423C15. A Wiegand-26 reader gives only the low 24 bits: the
 * card 0801161DD6 reads as 161DD6.
 */
const tempDir = useTempDir();

async function kioskWith(csvRows: string) {
  const dir = tempDir();
  const db = path.join(dir, 'k.db');
  const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
  fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(smallFeed()));
  expect((await kiosk('visa', 'import', path.join(dir, 'list.json'))).code).toBe(0);
  expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
  const csv = path.join(dir, 'cedar.csv');
  fs.writeFileSync(csv, `id,space,name,email,status,validUntil,credentials\n${csvRows}`);
  return { dir, kiosk, csv };
}

const decision = async (run: Promise<{ code: number | null; stdout: string; stderr: string }>) => {
  const { code, stdout, stderr } = await run;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as { decision: string; reason: string; member: { id: string } | null; typed?: string };
  return { decision: result.decision, reason: result.reason, member: result.member?.id ?? null, typed: result.typed };
};

describe('cards written the way a membership system exports them', () => {
  it('admits the card whose printed number the spreadsheet holds, read by a hex, decimal or Wiegand reader', async () => {
    const { kiosk, csv } = await kioskWith('cc-7,cedar,Printed Number,,active,,rfid.decimal:0004340757\n');
    expect((await kiosk('visa', 'import', csv)).code).toBe(0);
    const admitted = { decision: 'admitted', reason: 'visa', member: 'cc-7' };
    expect(await decision(kiosk('checkin', '4B00423C15', '--dry-run', '--json'))).toMatchObject(admitted);
    expect(await decision(kiosk('checkin', '0004340757', '--form', 'decimal', '--dry-run', '--json'))).toMatchObject(admitted);
    expect(await decision(kiosk('checkin', '00423C15', '--form', 'wiegand34', '--dry-run', '--json'))).toMatchObject(admitted);
    expect(await decision(kiosk('checkin', '423C15', '--form', 'wiegand26', '--dry-run', '--json'))).toMatchObject(admitted);
  });

  it('admits a badge from the numbers printed on it, typed with no form: as a person at the desk types them', async () => {
    const { kiosk, csv } = await kioskWith('cc-7,cedar,Printed Number,,active,,rfid:4B00423C15\n');
    expect((await kiosk('visa', 'import', csv)).code).toBe(0);
    const admitted = { decision: 'admitted', reason: 'visa', member: 'cc-7' };
    expect(await decision(kiosk('checkin', '0004340757', '--dry-run', '--json'))).toMatchObject(admitted);
    expect(await decision(kiosk('checkin', '066,15381', '--dry-run', '--json'))).toMatchObject(admitted);
    expect(await decision(kiosk('checkin', '0004340758', '--dry-run', '--json'))).toMatchObject({ decision: 'denied', reason: 'unknown_credential' });
  });

  it('admits a card from its 26-bit read, and denies a 26-bit read that fits two members as ambiguous', async () => {
    const { kiosk, csv } = await kioskWith(
      'cc-8,cedar,First,,active,,rfid:0801161DD6\ncc-9,cedar,Second,,active,,rfid:0A02161DD6\ncc-10,cedar,Third,,active,,rfid:0801161DD7\n',
    );
    expect((await kiosk('visa', 'import', csv)).code).toBe(0);
    expect(await decision(kiosk('checkin', '161DD7', '--form', 'wiegand26', '--dry-run', '--json'))).toMatchObject({ decision: 'admitted', member: 'cc-10' });
    expect(await decision(kiosk('checkin', '22/7639', '--form', 'wiegand26', '--dry-run', '--json'))).toMatchObject({ decision: 'admitted', member: 'cc-10' });
    expect(await decision(kiosk('checkin', '161DD6', '--form', 'wiegand26', '--dry-run', '--json'))).toMatchObject({
      decision: 'denied',
      reason: 'ambiguous_credential',
      member: null,
    });
    const said = await kiosk('checkin', '161DD6', '--form', 'wiegand26');
    expect(said).toMatchObject({ code: 0, stderr: '' });
    expect(said.stdout).toMatch(
      /^DENIED {4}badge 161DD6: this badge number fits more than one member: use a barcode or a visa pass, or ask staff to pick the member\n/,
    );
  });

  it('tells apart two cards whose 26-bit reads are the same, by their whole UID or their 34-bit read', async () => {
    const { kiosk, csv } = await kioskWith('cc-8,cedar,First,,active,,rfid:0801161DD6\ncc-9,cedar,Second,,active,,rfid:0A02161DD6\n');
    expect((await kiosk('visa', 'import', csv)).code).toBe(0);
    expect(await decision(kiosk('checkin', '0801161DD6', '--dry-run', '--json'))).toMatchObject({ decision: 'admitted', member: 'cc-8' });
    expect(await decision(kiosk('checkin', '02161DD6', '--form', 'wiegand34', '--dry-run', '--json'))).toMatchObject({ decision: 'admitted', member: 'cc-9' });
  });

  it('refuses a spreadsheet with a bad form or a value its form cannot hold, naming the row, and changes nothing', async () => {
    const { kiosk, csv } = await kioskWith('cc-7,cedar,Ada,,active,,rfid.decimal:4B00423C15\ncc-8,cedar,Grace,,active,,rfid.octal:17\n');
    const run = await kiosk('visa', 'import', csv);
    expect(run).toMatchObject({
      code: 1,
      stderr:
        'visa-kiosk visa import: the CSV was refused: row 2, credentials: "rfid.decimal:4B00423C15": "4B00423C15" is not a decimal UID (up to 10 digits); ' +
        'row 3, credentials: "rfid.octal:17": "octal" is not a way of writing a card; the forms are hex, decimal, wiegand26, wiegand34\n',
    });
    expect(await decision(kiosk('checkin', 'CC-2', '--dry-run', '--json'))).toMatchObject({ reason: 'member_inactive' });
  });

  it('refuses a form the reader cannot have, exit 2', async () => {
    const { kiosk } = await kioskWith('');
    const run = await kiosk('checkin', '161DD6', '--form', 'wiegand27');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^visa-kiosk checkin: --form takes one of hex, hex-reversed, decimal, decimal-reversed, wiegand26, wiegand34\n/);
  });
});

describe('a feed that says how each card is written', () => {
  it('installs a decimal card, and skips a member whose card has a bad form, saying which', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'k.db');
    const kiosk = (...args: string[]) => visaKiosk(['--db', db, ...args]);
    const feed = smallFeed();
    feed.members.push(
      {
        id: 'cc-7',
        space: 'cedar',
        name: 'Printed Number',
        email: '',
        status: 'active',
        validUntil: null,
        credentials: [{ kind: 'rfid', form: 'decimal', value: '0004340757' }],
      },
      {
        id: 'cc-8',
        space: 'cedar',
        name: 'Bad Form',
        email: '',
        status: 'active',
        validUntil: null,
        credentials: [{ kind: 'rfid', form: 'octal', value: '17' } as never],
      },
      {
        id: 'cc-9',
        space: 'cedar',
        name: 'Bad Decimal',
        email: '',
        status: 'active',
        validUntil: null,
        credentials: [{ kind: 'rfid', form: 'decimal', value: '4B00423C15' }],
      },
    );
    fs.writeFileSync(path.join(dir, 'list.json'), feedBytes(feed));
    const run = await kiosk('visa', 'import', path.join(dir, 'list.json'), '--json');
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.stdout) as { members: number; skipped: number; problems: string[] };
    expect(outcome).toMatchObject({ members: 7, skipped: 2 });
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^members\[7\] \(cc-8\)\.credentials\[0\]\.form: .*"hex".*"decimal".*"wiegand26".*"wiegand34"/),
      'members[8] (cc-9).credentials[0]: "4B00423C15" is not a decimal UID (up to 10 digits)',
    ]);
    expect((await kiosk('config', 'set', 'space.id', 'harbour')).code).toBe(0);
    expect(await decision(kiosk('checkin', '4B00423C15', '--dry-run', '--json'))).toMatchObject({ decision: 'admitted', member: 'cc-7' });
  });
});

describe('a barcode typed by hand', () => {
  it('is matched without regard to case and separators, and the reply keeps what was typed', async () => {
    const { kiosk } = await kioskWith('');
    expect(await decision(kiosk('checkin', 'cc 1', '--dry-run', '--json'))).toEqual({ decision: 'admitted', reason: 'visa', member: 'cc-1', typed: 'cc 1' });
    expect(await decision(kiosk('checkin', 'zz-404', '--dry-run', '--json'))).toEqual({
      decision: 'denied',
      reason: 'unknown_credential',
      member: null,
      typed: 'zz-404',
    });
  });
});
