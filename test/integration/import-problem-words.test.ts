import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import type { RecordProblem } from '../../core/record-problem';
import { errorText } from '../../renderer/error-message';
import { createI18n } from '../../renderer/i18n';
import { recordProblemText } from '../../renderer/record-problem-text';
import { Kiosk } from '../../service/kiosk';
import { builtFile } from '../fixtures/built';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();

/** The small alliance's feed with one record of each kind an install leaves out. */
function badFeed() {
  const feed = smallFeed({ sequence: 11 }) as unknown as { spaces: Record<string, unknown>[]; members: unknown[] };
  const members = feed.members as Record<string, unknown>[];
  feed.spaces.push({ ...feed.spaces[1]! }, { ...feed.spaces[1]!, id: 'north', country: 'Norway' });
  members[2]!.status = 'retired';
  members[3]!.credentials = [{ kind: 'rfid', value: 'zz' }];
  members[4]!.space = 'atlantis';
  feed.members.push(
    7,
    { id: 'on-1', space: 'cedar', name: 'Ola', status: 'active', credentials: [{ kind: 'barcode', form: 'decimal', value: 'ON-1' }] },
    { ...members[0]!, name: 'Again', credentials: [] },
    { id: 'cc-9', space: 'cedar', name: 'Copy', status: 'active', credentials: [{ kind: 'barcode', value: 'KL-1' }] },
  );
  return feed;
}

/** The command line's lines, as they were before the screen had words of its own. */
const ENGLISH = [
  'spaces[4] (cedar): the id is listed twice',
  'spaces[5] (north).country: must be a two-letter ISO 3166 country code',
  expect.stringMatching(/^members\[2\] \(cc-2\)\.status: /),
  'members[3] (cc-3).credentials[0]: "zz" is not a hexadecimal UID',
  'members[4] (sw-1).space: "atlantis" is not one of the feed\'s spaces',
  expect.stringMatching(/^members\[6\]: \S/),
  'members[7] (on-1).credentials[0].form: is for RFID cards: a barcode is matched as it is written',
  'members[8] (hw-1): the id is listed twice',
  expect.stringMatching(/^credential barcode:KL-1 is claimed by members (kl-1, cc-9|cc-9, kl-1): given to neither$/),
];

const at = (list: 'spaces' | 'members', index: number, id: string | null, field: string | null = null) => ({ list, index, id, field });
const DETAILS = [
  { what: 'listed_twice', at: at('spaces', 4, 'cedar') },
  { what: 'value', at: at('spaces', 5, 'north', 'country'), problem: { kind: 'badly_written' } },
  { what: 'value', at: at('members', 2, 'cc-2', 'status'), problem: { kind: 'not_a_choice' } },
  { what: 'credential', at: at('members', 3, 'cc-3', 'credentials[0]'), problem: { kind: 'not_hex' } },
  { what: 'unknown_space', at: at('members', 4, 'sw-1', 'space'), space: 'atlantis' },
  { what: 'value', at: at('members', 6, null), problem: { kind: 'badly_written' } },
  { what: 'credential', at: at('members', 7, 'on-1', 'credentials[0]'), problem: { kind: 'form_for_barcode', form: 'decimal' } },
  { what: 'listed_twice', at: at('members', 8, 'hw-1') },
  { what: 'shared_credential', credential: 'barcode:KL-1', holders: expect.arrayContaining(['kl-1', 'cc-9']) },
];

/** In German: one line each, naming the record as data does, and none of the command line's English. */
const GERMAN = [
  'Space Nr. 5 (cedar): Seine Kennung steht schon weiter vorne in der Liste.',
  'Space Nr. 6 (north), „country“ ist nicht richtig geschrieben.',
  'Mitglied Nr. 3 (cc-2), „status“ muss eine der angebotenen Möglichkeiten sein.',
  'Mitglied Nr. 4 (cc-3), „credentials[0]“ ist keine hexadezimale Kartennummer.',
  'Mitglied Nr. 5 (sw-1): Sein Space „atlantis“ gehört nicht zu den Spaces der Liste.',
  'Mitglied Nr. 7 ist nicht richtig geschrieben.',
  'Mitglied Nr. 8 (on-1), „credentials[0]“ ist ein Barcode: Die Schreibweise „decimal“ gilt nur für RFID-Karten.',
  'Mitglied Nr. 9 (hw-1): Seine Kennung steht schon weiter vorne in der Liste.',
  expect.stringMatching(/^Die Karte barcode:KL-1 ist mehreren Mitgliedern zugeordnet \((kl-1, cc-9|cc-9, kl-1)\): Keines von ihnen erhält sie\.$/),
];

const german = createI18n('de').t;

function expectWorded(result: { problems: string[]; problemDetails: RecordProblem[]; skipped: number }) {
  expect(result.skipped).toBe(ENGLISH.length);
  expect(result.problems).toEqual(ENGLISH);
  expect(result.problemDetails).toEqual(DETAILS);
  expect(result.problemDetails.map((problem) => recordProblemText(german, problem))).toEqual(GERMAN);
}

describe('an install that leaves records out says which and why, as data a screen words in its language', () => {
  it('from a feed sent to the kiosk (one thread)', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    service.settings.set({ key: 'space.id', value: 'harbour' });
    expectWorded(await service.visaList.importFeed({ feed: feedBytes(badFeed()) }));
    await service.close();
  });

  it('from a feed file read and built on two worker threads, the problems crossing between them', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'), { listWorker: builtFile('list-worker.js') });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    const file = path.join(tempDir(), 'visa.json');
    fs.writeFileSync(file, feedBytes(badFeed()));
    expectWorded(await service.visaList.importFile(file));
    await service.close();
  });

  it('a CSV with broken rows is refused whole, its refusal naming row and entry in the screen’s words', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    const csv = [
      'id,space,name,email,status,validUntil,credentials',
      'cc-7,cedar,Ada,ada@example.org,active,,rfid.wiegand26:999/1',
      'cc-8,cedar,Bo,,retired,,',
      'cc-9,moon,Cy,,active,,',
      'cc-10,cedar,Di,,active,,',
      'cc-10,cedar,Ed,,active,,',
    ].join('\n');
    const refusal = await service.visaList.importCsv({ csv }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(KioskError);
    expect((refusal as KioskError).message).toMatch(/^the CSV was refused: row 2, credentials: "rfid\.wiegand26:999\/1": .* \(and 1 more problems\)$/);
    expect((refusal as KioskError).detail).toEqual({
      what: 'csv_refused',
      problems: [
        { what: 'credential', row: 2, entry: 'rfid.wiegand26:999/1', problem: { kind: 'not_wiegand', bits: 26 } },
        { what: 'value', row: 3, field: 'status', problem: { kind: 'not_one_of', value: 'retired', choices: ['active', 'suspended', 'expired'] } },
        { what: 'unknown_space', row: 4, space: 'moon' },
      ],
      more: 1,
    });
    expect(errorText(german, refusal)).toBe(
      'Die Mitgliederliste wurde abgelehnt, die installierte Liste bleibt: Zeile 2: „rfid.wiegand26:999/1“ ist keine 26-Bit-Wiegand-Nummer; ' +
        'Zeile 3, „status“ ist „retired“, nicht eines von active, suspended, expired; Zeile 4: Der Space „moon“ ist nicht in der installierten Visa-Liste (und 1 weitere).',
    );
    expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6 });
    await service.close();
  });

  it('a feed refused because it would stop the kiosk names, in the screen’s words, the record behind it', async () => {
    const service = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    await service.visaList.importFeed({ feed: feedBytes(smallFeed()) });
    service.settings.set({ key: 'space.id', value: 'harbour' });
    const refusal = async (feed: unknown) =>
      service.visaList.importFeed({ feed: feedBytes(feed) }).then(
        () => null,
        (error: unknown) => error,
      );

    const broken = smallFeed({ sequence: 11 });
    broken.spaces = broken.spaces.map((space) => (space.id === 'harbour' ? { ...space, timezone: 'Europe/Lisboa' } : space));
    broken.members[1] = { ...broken.members[1]!, status: 'Active' as 'active' };
    const ownSpace = await refusal(broken);
    expect((ownSpace as KioskError).detail).toEqual({
      what: 'feed_unusable',
      unusable: { why: 'no_own_space', space: 'harbour' },
      record: { what: 'value', at: at('spaces', 0, 'harbour', 'timezone'), problem: { kind: 'badly_written' } },
    });
    expect(errorText(german, ownSpace)).toBe(
      'Diese Visa-Liste wurde abgelehnt, Check-ins laufen mit der installierten Liste weiter: Sie hat keinen brauchbaren Eintrag für den Space dieses Kiosks, „harbour“. ' +
        'Space Nr. 1 (harbour), „timezone“ ist nicht richtig geschrieben.',
    );

    const noMember = smallFeed({ sequence: 11 });
    noMember.members = noMember.members.map((member) => ({ ...member, status: 'Active' as 'active' }));
    expect(errorText(german, await refusal(noMember))).toBe(
      'Diese Visa-Liste wurde abgelehnt, Check-ins laufen mit der installierten Liste weiter: Keines ihrer 6 Mitglieder ist brauchbar. ' +
        'Mitglied Nr. 1 (hw-1), „status“ muss eine der angebotenen Möglichkeiten sein.',
    );

    const noSpace = smallFeed({ sequence: 11, spaces: [], members: [] });
    expect(errorText(german, await refusal(noSpace))).toBe(
      'Diese Visa-Liste wurde abgelehnt, die installierte Liste bleibt: Sie enthält keinen brauchbaren Space.',
    );
    // The last refusal stays on the Devices page, worded the same.
    expect(service.visaList.status().lastErrorDetail).toEqual({ what: 'feed_unusable', unusable: { why: 'no_space' }, record: null });
    expect(service.visaList.status()).toMatchObject({ sequence: 10, members: 6 });
    await service.close();
  });
});
