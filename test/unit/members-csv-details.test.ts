import { describe, expect, it } from 'vitest';
import { KioskError, type ErrorDetail } from '../../core/errors';
import { parseMembersCsv } from '../../service/visa-list/members-csv';

const HEADER = 'id,space,name,email,status,validUntil,credentials';
const bytes = (text: string) => new TextEncoder().encode(text);

/** What a refused CSV's detail says, for a screen to word (renderer/record-problem-text.ts). */
function detailOf(text: string | Uint8Array): ErrorDetail | undefined {
  try {
    parseMembersCsv(typeof text === 'string' ? bytes(text) : text, new Set(['oslo-hub']));
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    return (error as KioskError).detail;
  }
  throw new Error('the CSV was accepted');
}

describe('a refused members CSV says why in data, beside its English line', () => {
  it.each([
    ['not UTF-8', new Uint8Array([0x69, 0x64, 0xff, 0x0a]), { what: 'csv_unreadable', why: 'not_utf8' }],
    ['split on semicolons', 'id;space;name;email;status;validUntil;credentials\n', { what: 'csv_unreadable', why: 'semicolons' }],
    ['split on tabs', 'id\tspace\tname\temail\tstatus\tvalidUntil\tcredentials\n', { what: 'csv_unreadable', why: 'tabs' }],
    ['a comma too many', `${HEADER},\n`, { what: 'csv_unreadable', why: 'empty_column' }],
    ['no members', `${HEADER}\n`, { what: 'csv_unreadable', why: 'no_members' }],
    ['an unknown column', 'id,space,name,mail,status,validUntil,credentials\n', { what: 'csv_column', why: 'unknown', column: 'mail' }],
    ['a column twice', `${HEADER},name\n`, { what: 'csv_column', why: 'twice', column: 'name' }],
    ['a column missing', 'id,space,name,email,validUntil,credentials\n', { what: 'csv_column', why: 'missing', column: 'status' }],
  ] as const)('%s', (_what, csv, detail) => {
    expect(detailOf(csv)).toEqual(detail);
  });

  it('names each broken row and what is wrong with it, the first three, and counts the rest', () => {
    const csv = [
      HEADER,
      'm1,oslo-hub,Ada,,active,,rfid.octal:12;card:9',
      'm2,oslo-hub,Bo,,active',
      'm3,oslo-hub,Cy,,active,,barcode:B-1;barcode:B-1',
      'm4,oslo-hub,Di,,active,,barcode:B-2',
      'm4,oslo-hub,Ed,,active,,barcode:B-2',
      'm6,oslo-hub,"Fa"x,,active,,',
    ].join('\n');
    expect(detailOf(csv)).toEqual({
      what: 'csv_refused',
      problems: [
        { what: 'credential_form', row: 2, entry: 'rfid.octal:12', form: 'octal' },
        { what: 'credential_written', row: 2, entry: 'card:9' },
        { what: 'cells', row: 3, cells: 5, columns: 7 },
      ],
      more: 4,
    });
  });

  it('names an id or a card given twice by the rows that give it, and a row that cannot be read', () => {
    const csv = [
      HEADER,
      'm1,oslo-hub,Cy,,active,,barcode:B-1;barcode:B-1',
      'm4,oslo-hub,Di,,active,,barcode:B-2',
      'm4,oslo-hub,Ed,,active,,barcode:B-2',
      'm6,oslo-hub,"Fa"x,,active,,',
    ].join('\n');
    expect(detailOf(csv)).toEqual({
      what: 'csv_refused',
      problems: [
        { what: 'credential_twice', row: 2, credential: 'barcode:B-1' },
        { what: 'id_twice', row: 4, id: 'm4', otherRow: 3 },
        { what: 'credential_elsewhere', row: 4, credential: 'barcode:B-2', otherRow: 3 },
      ],
      more: 1,
    });
    expect(detailOf(`${HEADER}\nm6,oslo-hub,"Fa"x,,active,,\n`)).toEqual({
      what: 'csv_refused',
      problems: [{ what: 'syntax', row: 2, fault: 'text_after_quote' }],
      more: 0,
    });
  });
});
