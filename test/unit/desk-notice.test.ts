import { describe, expect, it } from 'vitest';
import { noticeText, retryDelayMs, webhookBody, type DeskNotice } from '../../core/desk-notice';
import { failureOf } from '../../service/desk/webhook-post';

const harbour = { id: 'harbour', name: 'Harbour Works', timezone: 'Europe/Lisbon' };
const call: DeskNotice = {
  kind: 'staff_call',
  id: '0b5f3f3e-8d6b-4f7e-9a51-2f1c9d3b7a10',
  at: '2026-11-21T10:02:00.000Z',
  space: harbour,
  name: 'Ada Lovelace',
  credential: { kind: 'rfid', value: 'DEADBEEF01' },
};

describe('what the webhook is sent', () => {
  it('slack: one text line a person reads in the channel', () => {
    expect(webhookBody(call, 'slack', 'en')).toEqual({
      text: 'Harbour Works: a visitor at the kiosk is asking for help (Ada Lovelace, badge DEADBEEF01) at 10:02.',
    });
  });

  it('teams: an incoming-webhook message carrying an adaptive card with the same line', () => {
    expect(webhookBody(call, 'teams', 'en')).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.2',
            body: [
              { type: 'TextBlock', text: 'Harbour Works: a visitor at the kiosk is asking for help (Ada Lovelace, badge DEADBEEF01) at 10:02.', wrap: true },
            ],
          },
        },
      ],
    });
  });

  it('json: the notice with its id and fields, so a receiver can drop a repeat by id', () => {
    expect(webhookBody(call, 'json', 'en')).toEqual({
      id: call.id,
      kind: 'staff_call',
      at: '2026-11-21T10:02:00.000Z',
      name: 'Ada Lovelace',
      credential: { kind: 'rfid', value: 'DEADBEEF01' },
      spaceId: 'harbour',
      spaceName: 'Harbour Works',
      text: 'Harbour Works: a visitor at the kiosk is asking for help (Ada Lovelace, badge DEADBEEF01) at 10:02.',
    });
  });

  it.each([
    [
      { kind: 'visa_checkin', visitId: 4, name: 'Grace Hopper', homeSpace: 'Cedar Commons' },
      'Harbour Works: Grace Hopper from Cedar Commons checked in with a visa at 10:02.',
    ],
    [
      { kind: 'day_pass', visitId: 5, name: 'Joe Bloggs', price: '15.00', currency: 'EUR' },
      'Harbour Works: a day pass was sold to Joe Bloggs (15.00 EUR) at 10:02.',
    ],
    [
      { kind: 'badge_failed', visitId: 6, name: 'Joe Bloggs' },
      'Harbour Works: the badge of Joe Bloggs (visit #6) did not print at 10:02: reprint it from Today.',
    ],
    [{ kind: 'staff_call', name: null, credential: null }, 'Harbour Works: a visitor at the kiosk is asking for help at 10:02.'],
  ] as const)('%o reads as one plain line, at the space’s own time', (facts, text) => {
    expect(noticeText({ ...facts, id: call.id, at: call.at, space: harbour } as DeskNotice, 'en')).toBe(text);
  });

  it('a kiosk with no space yet still words its call', () => {
    expect(noticeText({ ...call, space: null, at: '2026-11-21T10:02:00.000Z' }, 'en')).toMatch(
      /^a visitor at the kiosk is asking for help \(Ada Lovelace, badge DEADBEEF01\) at \d\d:02\.$/,
    );
  });
});

const KINDS = {
  call: { kind: 'staff_call', name: 'Ada Lovelace', credential: { kind: 'rfid', value: 'DEADBEEF01' } },
  anonymousCall: { kind: 'staff_call', name: null, credential: null },
  visa: { kind: 'visa_checkin', visitId: 4, name: 'Grace Hopper', homeSpace: 'Cedar Commons' },
  dayPass: { kind: 'day_pass', visitId: 5, name: 'Joe Bloggs', price: '15.00', currency: 'EUR' },
  badge: { kind: 'badge_failed', visitId: 6, name: 'Joe Bloggs' },
} as const;

describe("the desk's notices in the kiosk's language", () => {
  it.each([
    [
      'de',
      {
        call: 'Harbour Works: Ein Gast am Kiosk bittet um Hilfe (Ada Lovelace, Badge DEADBEEF01), 10:02 Uhr.',
        anonymousCall: 'Harbour Works: Ein Gast am Kiosk bittet um Hilfe, 10:02 Uhr.',
        visa: 'Harbour Works: Grace Hopper aus Cedar Commons hat um 10:02 Uhr mit einem Visa eingecheckt.',
        dayPass: 'Harbour Works: Um 10:02 Uhr wurde ein Tagespass an Joe Bloggs verkauft (15.00 EUR).',
        badge: 'Harbour Works: Der Badge von Joe Bloggs (Besuch Nr. 6) wurde um 10:02 Uhr nicht gedruckt: unter „Heute“ neu drucken.',
      },
    ],
    [
      'fr',
      {
        call: 'Harbour Works : un visiteur demande de l’aide à la borne (Ada Lovelace, badge DEADBEEF01) à 10:02.',
        anonymousCall: 'Harbour Works : un visiteur demande de l’aide à la borne à 10:02.',
        visa: 'Harbour Works : enregistrement avec un visa pour Grace Hopper de Cedar Commons à 10:02.',
        dayPass: 'Harbour Works : un pass journée a été vendu à Joe Bloggs (15.00 EUR) à 10:02.',
        badge: 'Harbour Works : le badge de Joe Bloggs (visite n° 6) ne s’est pas imprimé à 10:02 : réimprimez-le depuis « Aujourd’hui ».',
      },
    ],
    [
      'es',
      {
        call: 'Harbour Works: un visitante pide ayuda en el quiosco (Ada Lovelace, acreditación DEADBEEF01) a las 10:02.',
        anonymousCall: 'Harbour Works: un visitante pide ayuda en el quiosco a las 10:02.',
        visa: 'Harbour Works: Grace Hopper de Cedar Commons se registró con un visa a las 10:02.',
        dayPass: 'Harbour Works: se vendió un pase de día a Joe Bloggs (15.00 EUR) a las 10:02.',
        badge: 'Harbour Works: la acreditación de Joe Bloggs (visita n.º 6) no se imprimió a las 10:02: reimprímala desde «Hoy».',
      },
    ],
  ] as const)('%s: each kind of notice is one plain line', (language, lines) => {
    for (const [name, facts] of Object.entries(KINDS)) {
      expect(noticeText({ ...facts, id: call.id, at: call.at, space: harbour } as DeskNotice, language)).toBe(lines[name as keyof typeof KINDS]);
    }
  });

  it('Spanish says "a la" for one o’clock, as it is said', () => {
    expect(noticeText({ ...call, at: '2026-11-21T01:05:00.000Z' }, 'es')).toMatch(/ a la 01:05\.$/);
  });

  it('every format carries the translated line; the JSON notice keeps its fields', () => {
    const german = 'Harbour Works: Ein Gast am Kiosk bittet um Hilfe (Ada Lovelace, Badge DEADBEEF01), 10:02 Uhr.';
    expect(webhookBody(call, 'slack', 'de')).toEqual({ text: german });
    expect(JSON.stringify(webhookBody(call, 'teams', 'de'))).toContain(JSON.stringify(german));
    expect(webhookBody(call, 'json', 'fr')).toEqual({ ...(webhookBody(call, 'json', 'en') as object), text: noticeText(call, 'fr') });
  });
});

describe('when the webhook is tried again', () => {
  it('waits the first delay, doubling after each failure in a row, never longer than the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => retryDelayMs(failures, 5_000, 300_000))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
  });

  it('tries at once when nothing failed, and a long outage never overflows the cap', () => {
    expect(retryDelayMs(0, 5_000, 300_000)).toBe(0);
    expect(retryDelayMs(10_000, 5_000, 300_000)).toBe(300_000);
  });

  it('tells a refused connection and a timeout apart from other failures on the way', () => {
    expect(failureOf(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), false)).toEqual({
      kind: 'refused',
    });
    expect(failureOf(new DOMException('aborted', 'TimeoutError'), true)).toEqual({ kind: 'timeout' });
    expect(failureOf(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) }), false)).toEqual({
      kind: 'unreachable',
    });
  });
});
