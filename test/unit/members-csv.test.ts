import { describe, expect, it } from 'vitest';
import { KioskError } from '../../core/errors';
import { parseMembersCsv } from '../../service/visa-list/members-csv';

const SPACES = new Set(['oslo-hub', 'berlin-loft']);
const HEADER = 'id,space,name,email,status,validUntil,credentials';

const bytes = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => bytes(`${[HEADER, ...lines].join('\n')}\n`);
const read = (input: Uint8Array) => parseMembersCsv(input, SPACES);

function refusal(input: Uint8Array): string {
  try {
    read(input);
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    return (error as KioskError).message;
  }
  throw new Error('the CSV was accepted');
}

const ada = {
  id: 'm1',
  spaceId: 'oslo-hub',
  name: 'Ada',
  email: 'ada@example.org',
  status: 'active',
  validUntil: '2026-12-31',
  credentials: [{ kind: 'rfid', value: '04A1B2C3', bits: null }],
};

describe('reading a members CSV', () => {
  it('reads a plain file in file order, with the spaces in order of first appearance', () => {
    const result = read(
      csv(
        'm1,oslo-hub,Ada,ada@example.org,active,2026-12-31,rfid:04A1B2C3',
        'm2,berlin-loft,Grace,grace@example.org,suspended,2027-01-31,barcode:B-2',
        'm3,oslo-hub,Alan,alan@example.org,expired,2025-06-30,',
      ),
    );
    expect(result.spaces).toEqual(['oslo-hub', 'berlin-loft']);
    expect(result.members).toEqual([
      ada,
      {
        id: 'm2',
        spaceId: 'berlin-loft',
        name: 'Grace',
        email: 'grace@example.org',
        status: 'suspended',
        validUntil: '2027-01-31',
        credentials: [{ kind: 'barcode', value: 'B-2', bits: null }],
      },
      { id: 'm3', spaceId: 'oslo-hub', name: 'Alan', email: 'alan@example.org', status: 'expired', validUntil: '2025-06-30', credentials: [] },
    ]);
  });

  it('skips a byte order mark', () => {
    expect(read(bytes(`\uFEFF${HEADER}\nm1,oslo-hub,Ada,ada@example.org,active,2026-12-31,rfid:04A1B2C3\n`)).members).toEqual([ada]);
  });

  it('takes the columns in any order, with spaces around the names', () => {
    const input = bytes(' credentials , status,id,space,name,email,validUntil\r\nrfid:04A1B2C3,active,m1,oslo-hub,Ada,ada@example.org,2026-12-31\r\n');
    expect(read(input).members).toEqual([ada]);
  });

  it('reads quoted names with commas, doubled quotes and a line break', () => {
    const input = csv('m1,oslo-hub,"Lovelace, Ada ""Countess""\nof Lovelace",ada@example.org,active,2026-12-31,rfid:04A1B2C3');
    expect(read(input).members[0]?.name).toBe('Lovelace, Ada "Countess"\nof Lovelace');
  });

  it('reads CRLF line ends and skips blank lines', () => {
    const input = bytes(`${HEADER}\r\n\r\nm1,oslo-hub,Ada,ada@example.org,active,2026-12-31,rfid:04A1B2C3\r\n,,,,,,\r\n\r\n`);
    expect(read(input).members).toEqual([ada]);
  });

  it('reads the bare CR line ends of an Excel for Mac "CSV (Macintosh)" file', () => {
    const input = bytes(`${HEADER}\rm1,oslo-hub,Ada,ada@example.org,active,2026-12-31,rfid:04A1B2C3\r`);
    expect(read(input).members).toEqual([ada]);
  });

  it('reads several credentials, normalised, and splits each on its first ":"', () => {
    const input = csv('m1,oslo-hub,Ada,,active,,"rfid:04:a1:b2:c3 ; barcode: ]Q1urn:visa:0001;;rfid:0x0F00A1B2C3;"');
    expect(read(input).members[0]?.credentials).toEqual([
      { kind: 'rfid', value: '04A1B2C3', bits: null },
      { kind: 'barcode', value: 'urn:visa:0001', bits: null },
      { kind: 'rfid', value: '0F00A1B2C3', bits: null },
    ]);
  });

  it('reads how each card is written: the number printed on an EM4100 card, a Wiegand number', () => {
    // An EM4100 vendor's example: UID 4B00423C15 is printed 0004340757 (0x00423C15 = 4340757).
    expect(0x00423c15).toBe(4340757);
    const input = csv(
      'm1,oslo-hub,Ada,,active,,"rfid.decimal:0004340757;rfid.wiegand26:22/7638;rfid.hex:4b00423c15"',
      'm2,oslo-hub,Grace,,active,,rfid.wiegand34:4660/22136',
    );
    const [ada, grace] = read(input).members;
    expect(ada?.credentials).toEqual([
      { kind: 'rfid', value: '00423C15', bits: 32 },
      { kind: 'rfid', value: '161DD6', bits: 24 },
      { kind: 'rfid', value: '4B00423C15', bits: null },
    ]);
    // Facility 4660 (0x1234), card 22136 (0x5678), as a 34-bit card is labelled.
    expect(grace?.credentials).toEqual([{ kind: 'rfid', value: '12345678', bits: 32 }]);
  });

  it('reads an empty validUntil as null and an empty email as ""', () => {
    const [member] = read(csv('m1,oslo-hub,Ada,,active,,')).members;
    expect(member).toMatchObject({ email: '', validUntil: null, credentials: [] });
  });
});

describe('a refused CSV', () => {
  const good = (id: string, credential = '') => `${id},oslo-hub,Ada,,active,,${credential}`;

  it('names a bad form or a value that does not fit its form, and its row', () => {
    expect(
      refusal(csv(good('m1', 'rfid.octal:1234'), good('m2', 'rfid.decimal:4B00423C15'), good('m3', 'barcode.decimal:12'), good('m4', 'rfid.wiegand26:300/1'))),
    ).toBe(
      'the CSV was refused: row 2, credentials: "rfid.octal:1234": "octal" is not a way of writing a card; the forms are hex, decimal, wiegand26, wiegand34; ' +
        'row 3, credentials: "rfid.decimal:4B00423C15": "4B00423C15" is not a decimal UID (up to 10 digits); ' +
        'row 4, credentials: "barcode.decimal:12": a barcode is matched as it is written: the form "decimal" is for RFID cards (and 1 more problems)',
    );
  });

  it('names a row with the wrong number of cells', () => {
    expect(refusal(csv(good('m1'), 'm2,oslo-hub,Grace,active'))).toBe('the CSV was refused: row 3: it has 4 cells, the header has 7');
  });

  it('numbers rows by record, so a row after a multi-line quoted field has its spreadsheet number', () => {
    const input = csv('m1,oslo-hub,"Ada\nLovelace\nof Ockham",,active,,', good('m2'), 'm3,oslo-hub,Alan,,retired,,');
    expect(refusal(input)).toBe('the CSV was refused: row 4, status: "retired" is not one of active, suspended, expired');
  });

  it('counts blank rows as a spreadsheet shows them', () => {
    expect(refusal(csv(good('m1'), '', 'm2,oslo-hub,Grace,,active,2026-13-01,'))).toBe(
      'the CSV was refused: row 4, validUntil: must be a date written YYYY-MM-DD',
    );
  });

  it('names the row of an unclosed quote', () => {
    expect(refusal(csv(good('m1'), 'm2,oslo-hub,"Grace,,active,,', good('m3')))).toBe(
      'the CSV was refused: row 3: a quoted field is never closed (a " is missing)',
    );
  });

  it('names the row of text after a closing quote', () => {
    expect(refusal(csv(good('m1'), 'm2,oslo-hub,"Grace" Hopper,,active,,'))).toBe(
      'the CSV was refused: row 3: a quoted field has text after its closing quote',
    );
  });

  it('names a space that is not in the installed visa list', () => {
    expect(refusal(csv(good('m1'), good('m2'), 'm3,atlantis,Nemo,,active,,'))).toBe(
      'the CSV was refused: row 4, space: "atlantis" is not in the installed visa list',
    );
  });

  it('names a member id listed twice', () => {
    expect(refusal(csv(good('m1'), good('m2'), good('m1')))).toBe('the CSV was refused: row 4, id: "m1" is also listed on row 2');
  });

  it('names both rows of a credential given twice, compared in canonical form', () => {
    expect(refusal(csv(good('m1', 'barcode:X'), good('m2', 'rfid:04A1B2C3'), good('m3', 'rfid:04:a1:b2:c3;barcode: X')))).toBe(
      'the CSV was refused: row 4, credentials: rfid:04A1B2C3 is also given on row 3; row 4, credentials: barcode:X is also given on row 2',
    );
  });

  it('names credentials that do not normalise or are not kind:value', () => {
    expect(refusal(csv(good('m1', 'rfid:XYZ;nfc:1234;barcode:'), good('m2', 'barcode:B;barcode:B')))).toBe(
      'the CSV was refused: row 2, credentials: "rfid:XYZ": "XYZ" is not a hexadecimal UID; ' +
        'row 2, credentials: "nfc:1234" is not written rfid:VALUE, rfid.FORM:VALUE or barcode:VALUE; ' +
        'row 2, credentials: "barcode:": the barcode is empty (and 1 more problems)',
    );
  });

  it('names a bad status and a bad date with their rows', () => {
    expect(refusal(csv(good('m1'), 'm2,oslo-hub,Grace,,Active,,', 'm3,oslo-hub,Alan,,active,31/12/2026,', 'm4,oslo-hub,Ada,,active,2026-02-30,'))).toBe(
      'the CSV was refused: row 3, status: "Active" is not one of active, suspended, expired; ' +
        'row 4, validUntil: must be a date written YYYY-MM-DD; row 5, validUntil: must be a date written YYYY-MM-DD',
    );
  });

  it('names every bad field of a row and counts the problems beyond three', () => {
    expect(refusal(csv('bad id,oslo-hub,,not-an-email,active,,', 'm2,oslo-hub,Grace,,gone,,'))).toBe(
      'the CSV was refused: row 2, id: may hold only letters, digits, ".", "_" and "-"; row 2, name: must not be empty; ' +
        'row 2, email: is not an email address (and 1 more problems)',
    );
  });

  it('refuses a header with a missing column', () => {
    expect(refusal(bytes('id,space,name,email,validUntil,credentials\nm1,oslo-hub,Ada,,,\n'))).toBe('the CSV has no "status" column');
  });

  it('refuses a header with an unknown column', () => {
    expect(refusal(bytes(`${HEADER},phone\n`))).toBe('unknown CSV column "phone"; the columns are id, space, name, email, status, validUntil, credentials');
  });

  it('says so when the columns are separated by semicolons or tabs, or the header ends with a comma too many', () => {
    expect(refusal(bytes(`${HEADER.replaceAll(',', ';')}\nm1;oslo-hub;Ada;;active;;\n`))).toBe(
      "the CSV's columns are separated by semicolons: save it with commas",
    );
    expect(refusal(bytes(`${HEADER.replaceAll(',', '\t')}\n`))).toBe("the CSV's columns are separated by tabs: save it with commas");
    expect(refusal(bytes(`${HEADER},\nm1,oslo-hub,Ada,,active,,,\n`))).toBe('the CSV header ends with an empty column (a comma too many)');
  });

  it('refuses a header whose column names differ in case', () => {
    expect(refusal(bytes(HEADER.replace('validUntil', 'validuntil')))).toBe(
      'unknown CSV column "validuntil"; the columns are id, space, name, email, status, validUntil, credentials',
    );
  });

  it('refuses a file that is not UTF-8', () => {
    const latin1 = Uint8Array.from([...bytes(`${HEADER}\nm1,oslo-hub,Ren`), 0xe9, ...bytes(',,active,,\n')]);
    expect(refusal(latin1)).toBe('the CSV file is not UTF-8 text');
  });

  it.each([
    ['an empty file', ''],
    ['a header only', `${HEADER}\r\n`],
    ['a header and blank rows', `\uFEFF${HEADER}\n\n,,,,,,\n`],
  ])('refuses %s as listing no members', (_, text) => {
    expect(refusal(bytes(text))).toBe('the CSV lists no members');
  });
});
