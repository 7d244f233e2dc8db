import type { Feed } from '../core/feed.js';
import type { Kiosk } from './kiosk.js';

/**
 * A made-up alliance for first runs and demos: spaces on four continents with different
 * terms, and members whose badges show every kind of decision (see README, "Demo badges").
 * Deterministic, so the README and the tests can name its badges.
 */
export const DEMO_SPACE_ID = 'harbour-works';

const SPACES: Feed['spaces'] = [
  {
    id: 'harbour-works',
    name: 'Harbour Works',
    city: 'Lisbon',
    country: 'PT',
    timezone: 'Europe/Lisbon',
    visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: 'Bring proof of membership on your first visit.' },
    dayPass: { price: '15.00', currency: 'EUR' },
  },
  {
    id: 'cedar-commons',
    name: 'Cedar Commons',
    city: 'Seattle',
    country: 'US',
    timezone: 'America/Los_Angeles',
    visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 0, notes: '' },
    dayPass: { price: '25.00', currency: 'USD' },
  },
  {
    id: 'spreewerk',
    name: 'Spreewerk',
    city: 'Berlin',
    country: 'DE',
    timezone: 'Europe/Berlin',
    visa: { accepts: true, freeDaysPerMonth: 2, noticeHours: 24, notes: 'Tell us a day ahead: we are often full.' },
    dayPass: { price: '20.00', currency: 'EUR' },
  },
  {
    id: 'atelier-canal',
    name: 'Atelier Canal',
    city: 'Montréal',
    country: 'CA',
    timezone: 'America/Toronto',
    visa: { accepts: true, freeDaysPerMonth: 5, noticeHours: 0, notes: '' },
    dayPass: { price: '22.00', currency: 'CAD' },
  },
  {
    id: 'southern-cross',
    name: 'Southern Cross Hub',
    city: 'Melbourne',
    country: 'AU',
    timezone: 'Australia/Melbourne',
    visa: { accepts: true, freeDaysPerMonth: 3, noticeHours: 48, notes: 'Email us two days ahead.' },
    dayPass: { price: '30.00', currency: 'AUD' },
  },
  {
    id: 'kumo-lab',
    name: 'Kumo Lab',
    city: 'Tokyo',
    country: 'JP',
    timezone: 'Asia/Tokyo',
    visa: { accepts: false, freeDaysPerMonth: 0, noticeHours: 0, notes: 'Not taking visa visitors this year.' },
    dayPass: { price: '2500', currency: 'JPY' },
  },
];

const PEOPLE: Record<string, string[]> = {
  'harbour-works': [
    'Inês Carvalho',
    'Tiago Moreira',
    'Beatriz Sousa',
    'Rui Almeida',
    'Marta Pires',
    'João Ferreira',
    'Ana Lopes',
    'Duarte Costa',
    'Sofia Ramos',
    'Pedro Nunes',
  ],
  'cedar-commons': ['Ada Lovelace', 'Grace Hopper', 'Alan Kay', 'Margaret Hamilton', 'Dennis Ritchie', 'Frances Allen', 'Ken Thompson', 'Barbara Liskov'],
  spreewerk: ['Jürgen Groß', 'Leonie Weiß', 'Mehmet Yılmaz', 'Katharina Böhm', 'Felix Schäfer', 'Anja Müller', 'Lukas Hoffmann', 'Zofia Nowak'],
  'atelier-canal': [
    'Émilie Gagnon',
    'Étienne Côté',
    'Chloé Tremblay',
    'Mathieu Roy',
    'Geneviève Bouchard',
    'Olivier Pelletier',
    'Maëlle Fortin',
    'Samuel Lévesque',
  ],
  'southern-cross': ['Charlotte Nguyen', 'Jack Wilson', 'Aroha Ngata', 'Liam O’Brien', 'Mia Patel', 'Oliver Chen', 'Isla Murphy', 'Noah Kelly'],
  'kumo-lab': ['佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健', '伊藤 さくら', 'Yuki Watanabe', 'Haruto Kobayashi', 'Aiko Yamamoto'],
};

const PREFIX: Record<string, string> = {
  'harbour-works': 'HW',
  'cedar-commons': 'CC',
  spreewerk: 'SW',
  'atelier-canal': 'AC',
  'southern-cross': 'SC',
  'kumo-lab': 'KL',
};

/** Which demo member is not in good standing: the 5th of each space is suspended, the 6th expired. */
function standing(index: number): { status: 'active' | 'suspended' | 'expired'; validUntil: string } {
  if (index === 4) return { status: 'suspended', validUntil: '2099-12-31' };
  if (index === 5) return { status: 'active', validUntil: '2025-06-30' };
  return { status: 'active', validUntil: '2099-12-31' };
}

export function demoFeed(generatedAt = '2026-11-21T09:00:00Z'): Feed {
  const members: Feed['members'] = [];
  SPACES.forEach((space, s) => {
    PEOPLE[space.id]!.forEach((name, i) => {
      const number = String(i + 1).padStart(4, '0');
      const ascii = name
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, '')
        .toLowerCase()
        .replace(/[^a-z]+/g, '.')
        .replace(/^\.|\.$/g, '');
      // EM4100 UIDs: a version byte per space, then a 32-bit card number.
      const uid = ((s + 1) * 0x10).toString(16).padStart(2, '0') + (0x00a1b200 + s * 0x100 + i).toString(16).padStart(8, '0');
      members.push({
        id: `${PREFIX[space.id]!.toLowerCase()}-${number}`,
        space: space.id,
        name,
        email: `${ascii || `member${number}`}@${space.id}.example`,
        ...standing(i),
        credentials: [
          { kind: 'rfid', value: uid.toUpperCase() },
          { kind: 'barcode', value: `${PREFIX[space.id]}-${number}` },
        ],
      });
    });
  });
  return { format: 'coworking-visa/1', sequence: 1, generatedAt, spaces: SPACES, members };
}

/**
 * Loads the demo list into a kiosk that has none yet and has joined no registry (whose list is
 * the one it takes), and makes Harbour Works its space. The list is dated when it is installed: a
 * demo list of a fixed date would read as stale a week later.
 */
export async function installDemo(service: Kiosk, now = new Date()): Promise<boolean> {
  if (service.visaList.status().sequence !== null || service.alliance.state() !== null) return false;
  await service.visaList.importFeed({ feed: JSON.stringify(demoFeed(now.toISOString())) }, { source: 'demo' });
  if (service.settings.get({ key: 'space.id' }) === null) service.settings.set({ key: 'space.id', value: DEMO_SPACE_ID });
  return true;
}
