import { describe, expect, it } from 'vitest';
import type { ListCredentialFault } from '../../core/credential-match';
import type { ErrorDetail, ValueProblem } from '../../core/errors';
import type { CsvProblem, RecordProblem } from '../../core/record-problem';
import { detailText } from '../../renderer/error-message';
import { createI18n, LANGUAGES, type Language } from '../../renderer/i18n';
import { csvProblemText, recordProblemText } from '../../renderer/record-problem-text';

const at = (list: 'spaces' | 'members', index: number, id: string | null, field: string | null = null) => ({ list, index, id, field });
const en = createI18n('en').t;

/** One of each thing an install can say about a record of a feed. */
const VALUE_PROBLEMS: ValueProblem[] = [
  { kind: 'too_small', minimum: 2 },
  { kind: 'too_big', maximum: 20 },
  { kind: 'too_short', minimum: 2 },
  { kind: 'too_long', maximum: 20 },
  { kind: 'too_few', minimum: 1 },
  { kind: 'too_many', maximum: 20 },
  { kind: 'not_one_of', value: 'actve', choices: ['active', 'suspended', 'expired'] },
  ...(['missing', 'not_a_number', 'not_whole', 'not_a_choice', 'not_a_url', 'not_an_email', 'not_json', 'hidden_characters', 'badly_written'] as const).map(
    (kind) => ({ kind }),
  ),
];
const CREDENTIAL_FAULTS: ListCredentialFault[] = [
  { kind: 'not_wiegand', bits: 26 },
  { kind: 'barcode_too_long', maximum: 256 },
  { kind: 'form_for_barcode', form: 'decimal' },
  ...(['not_decimal', 'too_large', 'not_hex', 'odd_digits', 'uid_too_long', 'barcode_empty', 'barcode_control', 'barcode_invisible'] as const).map((kind) => ({
    kind,
  })),
];

/** One of each thing an install can say about a record of a feed. */
const RECORD_PROBLEMS: RecordProblem[] = [
  ...VALUE_PROBLEMS.map((problem) => ({ what: 'value' as const, at: at('spaces', 3, 'north', 'country'), problem })),
  ...CREDENTIAL_FAULTS.map((problem) => ({ what: 'credential' as const, at: at('members', 7, 'cc-8', 'credentials[0]'), problem })),
  { what: 'listed_twice', at: at('spaces', 4, 'cedar') },
  { what: 'unknown_space', at: at('members', 4, 'sw-1', 'space'), space: 'atlantis' },
  { what: 'shared_credential', credential: 'rfid:0F00A1B2C3', holders: ['cc-1', 'sw-1'] },
];

const CSV_PROBLEMS: CsvProblem[] = [
  { what: 'cells', row: 2, cells: 5, columns: 7 },
  { what: 'value', row: 3, field: 'email', problem: { kind: 'not_an_email' } },
  { what: 'unknown_space', row: 4, space: 'moon' },
  { what: 'credential_written', row: 5, entry: 'card:12' },
  { what: 'credential_form', row: 6, entry: 'rfid.octal:12', form: 'octal' },
  { what: 'credential', row: 7, entry: 'rfid:zz', problem: { kind: 'not_hex' } },
  { what: 'credential_twice', row: 8, credential: 'barcode:B-1' },
  { what: 'id_twice', row: 9, id: 'm1', otherRow: 2 },
  { what: 'credential_elsewhere', row: 10, credential: 'barcode:B-1', otherRow: 2 },
  ...(['quote_not_closed', 'text_after_quote', 'stray_quote', 'unreadable'] as const).map((fault) => ({ what: 'syntax' as const, row: 11, fault })),
];

const DETAILS: ErrorDetail[] = [
  ...(['not_utf8', 'semicolons', 'tabs', 'empty_column', 'no_members'] as const).map((why) => ({ what: 'csv_unreadable' as const, why })),
  ...(['unknown', 'twice', 'missing'] as const).map((why) => ({ what: 'csv_column' as const, why, column: 'mail' })),
  { what: 'csv_id_elsewhere', ids: ['cc-1', 'cc-2'] },
  { what: 'csv_shared_credential', shared: [{ credential: 'barcode:B-1', holders: ['cc-1', 'sw-1'] }] },
  { what: 'csv_refused', problems: CSV_PROBLEMS.slice(0, 3), more: 2 },
  { what: 'roster_refused', space: 'harbour', problems: CSV_PROBLEMS.slice(0, 3), more: 2 },
  { what: 'feed_unusable', unusable: { why: 'no_space' }, record: null },
  { what: 'feed_unusable', unusable: { why: 'no_own_space', space: 'harbour' }, record: RECORD_PROBLEMS[0]! },
  { what: 'feed_unusable', unusable: { why: 'no_member', listed: 6 }, record: { what: 'listed_twice', at: at('members', 2, 'cc-2') } },
];

function texts(language: Language) {
  const t = createI18n(language).t;
  return [
    ...RECORD_PROBLEMS.map((problem) => [problem, recordProblemText(t, problem), recordProblemText(en, problem)] as const),
    ...CSV_PROBLEMS.map((problem) => [problem, csvProblemText(t, problem), csvProblemText(en, problem)] as const),
    ...DETAILS.map((detail) => [detail, detailText(t, detail), detailText(en, detail)] as const),
  ];
}

describe.each(LANGUAGES)('record and CSV problems in %s', (language) => {
  it('words every one from the catalog, every blank filled: no key, no braces', () => {
    for (const [problem, text] of texts(language)) {
      expect(text, JSON.stringify(problem)).not.toMatch(/problem\.|\{\{|undefined|\[object/);
      expect(text.length, JSON.stringify(problem)).toBeGreaterThan(10);
    }
  });
});

describe.each(LANGUAGES.filter((language) => language !== 'en'))('record and CSV problems in %s', (language) => {
  it('says each in its own words, not English', () => {
    for (const [problem, text, english] of texts(language)) expect(text, JSON.stringify(problem)).not.toBe(english);
  });
});

describe('naming a record', () => {
  const de = createI18n('de').t;

  it('counts records from 1, as a person does, and gives the id as the feed writes it', () => {
    expect(recordProblemText(en, { what: 'listed_twice', at: at('members', 0, 'hw-1') })).toBe('Member 1 (hw-1): its id is already listed before it.');
    expect(recordProblemText(de, { what: 'unknown_space', at: at('members', 41, 'sw-1', 'space'), space: 'x' })).toMatch(/^Mitglied Nr\. 42 \(sw-1\): /);
  });

  it('names a record with no id by its place alone, and one with no field as a whole', () => {
    expect(recordProblemText(en, { what: 'value', at: at('members', 6, null), problem: { kind: 'badly_written' } })).toBe(
      'Member 7 is not written the right way.',
    );
    expect(recordProblemText(de, { what: 'value', at: at('spaces', 0, null, 'id'), problem: { kind: 'missing' } })).toBe('Space Nr. 1, „id“ fehlt.');
  });

  it('names every member who claimed a shared card', () => {
    expect(recordProblemText(de, { what: 'shared_credential', credential: 'barcode:KL-1', holders: ['kl-1', 'cc-9', 'hw-2'] })).toBe(
      'Die Karte barcode:KL-1 ist mehreren Mitgliedern zugeordnet (kl-1, cc-9, hw-2): Keines von ihnen erhält sie.',
    );
  });

  it('says how many more problems a refused CSV has only when there are more', () => {
    const one: ErrorDetail = { what: 'csv_refused', problems: [{ what: 'id_twice', row: 9, id: 'm1', otherRow: 2 }], more: 0 };
    expect(detailText(en, one)).toBe('The member list was refused, and the installed list is kept: row 9: the id “m1” is also listed on row 2.');
    expect(detailText(en, { ...one, more: 4 })).toMatch(/row 2 \(and 4 more\)\.$/);
  });

  it('quotes a value that is not one of the allowed ones, with the allowed ones', () => {
    const status: CsvProblem = {
      what: 'value',
      row: 3,
      field: 'status',
      problem: { kind: 'not_one_of', value: 'actve', choices: ['active', 'suspended', 'expired'] },
    };
    expect(csvProblemText(en, status)).toBe('row 3, “status” is “actve”, not one of active, suspended, expired');
  });

  it('says a roster being published was not sent, and that a row of another space is not this kiosk’s, with nothing said of an installed list', () => {
    const roster: ErrorDetail = {
      what: 'roster_refused',
      space: 'harbour',
      problems: [
        { what: 'value', row: 3, field: 'status', problem: { kind: 'not_one_of', value: 'actve', choices: ['active', 'suspended', 'expired'] } },
        { what: 'unknown_space', row: 4, space: 'cedar' },
      ],
      more: 0,
    };
    expect(detailText(en, roster)).toBe(
      'The member list was refused, and nothing was sent to the registry: row 3, “status” is “actve”, not one of active, suspended, expired; ' +
        'row 4: the space “cedar” is not this kiosk’s space “harbour” (a space publishes only its own members).',
    );
  });

  it('lists the columns a CSV may have when it has one the kiosk does not know', () => {
    expect(detailText(en, { what: 'csv_column', why: 'unknown', column: 'mail' })).toBe(
      'The member list was refused: it has a column “mail” the kiosk does not know. The columns are id, space, name, email, status, validUntil, credentials.',
    );
  });
});

describe('values from a hostile list, as a screen quotes them', () => {
  const de = createI18n('de').t;
  const long = 'W'.repeat(3000);

  it('quotes a 3 000-character id, space, field or card by its start, not in full', () => {
    const line = recordProblemText(en, { what: 'unknown_space', at: at('members', 3, long, long), space: long });
    expect(line.length).toBeLessThan(300);
    expect(line).toContain(`Member 4 (${'W'.repeat(59)}…)`);
    const csv = detailText(en, { what: 'csv_refused', problems: [{ what: 'credential_twice', row: 2, credential: long }], more: 0 });
    expect(csv.length).toBeLessThan(300);
    expect(detailText(de, { what: 'csv_column', why: 'unknown', column: long }).length).toBeLessThan(400);
    expect(detailText(en, { what: 'space_not_in_list', space: long }).length).toBeLessThan(300);
  });

  it('keeps characters whole when it shortens: an emoji or a Japanese name is never cut in half', () => {
    const line = recordProblemText(en, { what: 'listed_twice', at: at('members', 0, '👩‍💻'.repeat(100)) });
    expect(line).toBe(`Member 1 (${'👩‍💻'.repeat(59)}…): its id is already listed before it.`);
  });

  it('names the first five holders of a card five thousand members claim, and counts the rest', () => {
    const holders = Array.from({ length: 5000 }, (_, i) => `m-${i}`);
    expect(recordProblemText(en, { what: 'shared_credential', credential: 'barcode:X', holders })).toBe(
      'The card barcode:X is given to more than one member (m-0, m-1, m-2, m-3, m-4 (and 4995 more)): none of them gets it.',
    );
    const ids = detailText(en, { what: 'csv_id_elsewhere', ids: holders });
    expect(ids).toContain('m-4 (and 4995 more)');
    expect(ids).not.toContain('m-5,');
  });

  it('shows HTML and i18next syntax in an id as the text it is', () => {
    const line = recordProblemText(de, { what: 'unknown_space', at: at('members', 0, '<b>{{count}}</b>$t(staff.lock)'), space: '{{space}}' });
    expect(line).toBe('Mitglied Nr. 1 (<b>{{count}}</b>$t(staff.lock)): Sein Space „{{space}}“ gehört nicht zu den Spaces der Liste.');
  });
});

describe('an id that turns the direction of text', () => {
  const en = createI18n('en').t;

  it('is isolated, so a right-to-left override in a feed cannot turn the kiosk’s own sentence around', () => {
    expect(recordProblemText(en, { what: 'listed_twice', at: at('members', 2, 'hw-\u202Eevil') })).toBe(
      'Member 3 (\u2068hw-\u202Eevil\u2069): its id is already listed before it.',
    );
  });

  it('is isolated when written in Arabic or Hebrew, and left as it is in Latin letters', () => {
    expect(recordProblemText(en, { what: 'unknown_space', at: at('members', 0, 'مرحبا-1'), space: 'שלום' })).toContain('(\u2068مرحبا-1\u2069)');
    expect(recordProblemText(en, { what: 'unknown_space', at: at('members', 0, 'mx-1'), space: 'x' })).toContain('(mx-1)');
  });
});
