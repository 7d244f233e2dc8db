import { describe, expect, it } from 'vitest';
import { feedBytes, smallFeed } from '../fixtures/feeds';
import { expectUnchanged, useServiceKiosk } from './service-kiosk';

const { kiosk } = useServiceKiosk();

describe('installing a visa list', () => {
  it('reports what is installed, and calls it stale by its own generatedAt, not by when it was downloaded', async () => {
    const { service, clock } = await kiosk('harbour', smallFeed({ generatedAt: '2026-11-21T09:00:00Z' }));
    clock.now = new Date('2026-11-21T11:00:00Z');
    expect(service.visaList.status()).toEqual({
      sequence: 10,
      generatedAt: '2026-11-21T09:00:00Z',
      expiresAt: null,
      spaces: 4,
      members: 6,
      credentials: 8,
      lastSyncAt: '2026-11-21T10:00:00.000Z',
      ageSeconds: 3600,
      stale: false,
      staleReason: null,
      source: 'files',
      plainHttpFeed: false,
      lastError: null,
      lastErrorDetail: null,
      lastSync: null,
    });
    // The same list downloaded again a week later is a sync just now, but the list is a week old.
    clock.now = new Date('2026-11-28T09:00:01Z');
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ generatedAt: '2026-11-21T09:00:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ ageSeconds: 0, stale: true, staleReason: 'too_old' });
    service.settings.set({ key: 'visa.staleDays', value: '10' });
    expect(service.visaList.status()).toMatchObject({ stale: false, staleReason: null });
    expect(() => service.settings.set({ key: 'visa.staleDays', value: '0' })).toThrow(/visa.staleDays/);
    expect(service.settings.get({ key: 'visa.staleDays' })).toBe(10);
  });

  it('a list past the expiresAt its feed carries is stale; one dated ahead of the clock is not taken as fresh', async () => {
    const { service, clock } = await kiosk('harbour', smallFeed({ generatedAt: '2026-11-21T09:00:00Z', expiresAt: '2026-11-21T15:00:00Z' }));
    expect(service.visaList.status()).toMatchObject({ expiresAt: '2026-11-21T15:00:00Z', stale: false });
    clock.now = new Date('2026-11-21T15:00:00Z');
    expect(service.visaList.status()).toMatchObject({ stale: true, staleReason: 'expired' });

    clock.now = new Date('2026-11-21T10:00:00Z');
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 11, generatedAt: '2026-11-21T10:59:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ sequence: 11, expiresAt: null, stale: false });
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 12, generatedAt: '2026-11-21T11:01:00Z' })) });
    expect(service.visaList.status()).toMatchObject({ sequence: 12, stale: true, staleReason: 'from_the_future' });
  });

  it('refuses a feed whose expiresAt is not a time, and keeps the installed list', async () => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feedBytes({ ...smallFeed({ sequence: 11 }), expiresAt: 'next week' } as never) })).rejects.toThrow(
      /expiresAt: must be an ISO 8601 time/,
    );
    expect(service.visaList.status()).toMatchObject({ sequence: 10 });
  });

  it.each([
    ['cut off', '{"format": "coworking-visa/1", "seq', /cut off \(truncated\) at byte 35/],
    ['not JSON', '{"format": "coworking-visa/1", sequence: 3}', /not valid JSON/],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ['another format', feedBytes({ ...smallFeed(), format: 'coworking-visa/2' }), /format is "coworking-visa\/2", this kiosk reads "coworking-visa\/1"/],
    ['a JSON array', '[]', /not a JSON object/],
  ])('refuses a feed that is %s and changes nothing', async (_what, feed, message) => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feed as string })).rejects.toThrow(message);
    expectUnchanged(service);
    expect(service.visaList.status().lastError).toMatch(message);
  });

  it('names a record that is no object at all by its place', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 }) as unknown as { members: unknown[] };
    feed.members.push(7);
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 6, skipped: 1, problems: [expect.stringMatching(/^members\[6\]: \S/)] });
  });

  it('skips a record that breaks the schema, names its field, and installs the rest', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 }) as unknown as { members: Record<string, unknown>[] };
    feed.members[2]!.status = 'retired';
    feed.members[3]!.validUntil = '2026-13-01';
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ sequence: 11, members: 4, skipped: 2 });
    expect(result.problems).toEqual([
      expect.stringMatching(/^members\[2\] \(cc-2\)\.status: /),
      'members[3] (cc-3).validUntil: must be a date written YYYY-MM-DD',
    ]);
    expect(service.desk.checkin({ credential: 'CC-2' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted' });
  });

  it('a stray record of a space not listed does not knock out the real member with the same id after it', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members.unshift({ ...feed.members[1]!, space: 'nowhere', credentials: [] });
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 6, skipped: 1, problems: ['members[0] (cc-1).space: "nowhere" is not one of the feed\'s spaces'] });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
  });

  it('skips a member whose space is not listed', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members[4] = { ...feed.members[4]!, space: 'atlantis' };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({ members: 5, skipped: 1, problems: ['members[4] (sw-1).space: "atlantis" is not one of the feed\'s spaces'] });
  });

  it('gives a credential claimed by two members, even written differently, to neither', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members[4] = {
      ...feed.members[4]!,
      credentials: [
        { kind: 'rfid', value: '0f-00-a1-b2-c3' },
        { kind: 'barcode', value: 'SW-1' },
      ],
    };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result).toMatchObject({
      members: 6,
      credentials: 7,
      skipped: 1,
      problems: ['credential rfid:0F00A1B2C3 is claimed by members cc-1, sw-1: given to neither'],
    });
    expect(service.desk.checkin({ credential: '0F00A1B2C3' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', member: { id: 'cc-1' } });
    expect(service.desk.checkin({ credential: 'SW-1' }, { dryRun: true })).toMatchObject({ member: { id: 'sw-1' } });
  });

  it('skips a space with an unknown timezone (and so its members) and a member with an unreadable credential', async () => {
    const { service } = await kiosk('cedar');
    const feed = smallFeed({ sequence: 11 });
    feed.spaces[0] = { ...feed.spaces[0]!, timezone: 'Europe/Lisboa' };
    feed.members[1] = { ...feed.members[1]!, credentials: [{ kind: 'rfid', value: 'not-hex' }] };
    const result = await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(result.problems).toEqual([
      'spaces[0] (harbour).timezone: is not an IANA timezone (e.g. Europe/Berlin)',
      'members[0] (hw-1).space: "harbour" is not one of the feed\'s spaces',
      'members[1] (cc-1).credentials[0]: "not-hex" is not a hexadecimal UID',
    ]);
    expect(result).toMatchObject({ spaces: 3, members: 4, skipped: 3 });
  });

  it('refuses a feed whose every space is unusable', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.spaces = feed.spaces.map((space) => ({ ...space, country: 'Portugal' }));
    await expect(service.visaList.importFeed({ feed: feedBytes(feed) })).rejects.toThrow(
      /lists no usable space \(spaces\[0\] \(harbour\)\.country: must be a two-letter/,
    );
    expectUnchanged(service);
  });

  it("refuses a feed without a usable record of this kiosk's own space: check-ins go on with the installed list", async () => {
    const { service } = await kiosk();
    const broken = smallFeed({ sequence: 11 });
    broken.spaces = broken.spaces.map((space) => (space.id === 'harbour' ? { ...space, timezone: 'Europe/Lisboa' } : space));
    await expect(service.visaList.importFeed({ feed: feedBytes(broken) })).rejects.toThrow(
      /^the feed was refused: it has no usable record of this kiosk's space "harbour" \(spaces\[0\] \(harbour\)\.timezone: is not an IANA timezone.*\); check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
    const left = smallFeed({ sequence: 11 });
    left.spaces = left.spaces.filter((space) => space.id !== 'harbour');
    left.members = left.members.filter((member) => member.space !== 'harbour');
    await expect(service.visaList.importFeed({ feed: feedBytes(left) })).rejects.toThrow(
      /^the feed was refused: it has no usable record of this kiosk's space "harbour"; check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
    expect(service.visaList.status().lastError).toMatch(/no usable record of this kiosk's space "harbour"/);
    expect(service.desk.checkin({ credential: 'HW-1' }, { dryRun: true })).toMatchObject({ decision: 'admitted', reason: 'member' });
  });

  it('refuses a feed whose every member is unusable, rather than forget every badge', async () => {
    const { service } = await kiosk();
    const broken = smallFeed({ sequence: 11 });
    broken.members = broken.members.map((member) => ({ ...member, status: 'Active' as 'active' }));
    await expect(service.visaList.importFeed({ feed: feedBytes(broken) })).rejects.toThrow(
      /^the feed was refused: none of its 6 members is usable \(members\[0\] \(hw-1\)\.status: .*\); check-ins go on with the installed list$/,
    );
    expectUnchanged(service);
  });

  it.each([
    ['a truncated file', (text: string) => text.slice(0, text.length / 2), /cut off \(truncated\)/],
    ['a missing sequence', (text: string) => text.replace('"sequence": 11,', ''), /^the feed was refused: sequence: is missing$/],
    [
      'a sequence that is not a whole number',
      (text: string) => text.replace('"sequence": 11,', '"sequence": 11.5,'),
      /^the feed was refused: sequence: must be a whole number$/,
    ],
    ['no members list', (text: string) => text.replace('"members"', '"people"'), /^the feed was refused: members: is missing: a feed lists its members$/],
    [
      'members that are not a list',
      (text: string) => text.replace(/"members": \[[\s\S]*\]\s*\}\s*$/, '"members": 7 }'),
      /^the feed was refused: "members" must be a list of members$/,
    ],
    ['no format', (text: string) => text.replace(/"format": "[^"]*",/, ''), /^the feed was refused: format: is missing$/],
    [
      'a generatedAt without its offset',
      (text: string) => text.replace('"2026-11-01T09:00:00Z"', '"2026-11-01 09:00"'),
      /^the feed was refused: generatedAt: must be an ISO 8601 time with its offset/,
    ],
    ['a key given twice', (text: string) => text.replace('"sequence": 11,', '"sequence": 11, "sequence": 12,'), /the key "sequence" appears twice/],
    ['trailing garbage', (text: string) => `${text} {}`, /unexpected data after the feed/],
    [
      'a key nested 200,000 deep',
      (text: string) => text.replace('"sequence": 11,', `"sequence": 11, "x": ${'['.repeat(200_000)}${']'.repeat(200_000)},`),
      /^the feed was refused: it nests lists or objects more than 64 deep \(at byte \d+\)$/,
    ],
    [
      'a member nested 200,000 deep',
      (text: string) => text.replace('"members": [', `"members": [{ "id": ${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)} },`),
      /^the feed was refused: it nests lists or objects more than 64 deep/,
    ],
  ])('refuses %s whole', async (_what, damage, message) => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: damage(feedBytes(smallFeed({ sequence: 11 }))) })).rejects.toThrow(message);
    expectUnchanged(service);
  });

  it('refuses a roll-back to a lower sequence, and accepts the same or a higher one', async () => {
    const { service } = await kiosk();
    await expect(service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 9 })) })).rejects.toThrow(
      /sequence 9 is older than the installed list's 10/,
    );
    expectUnchanged(service);
    await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 10 })) });
    expect(await service.visaList.importFeed({ feed: feedBytes(smallFeed({ sequence: 12 })) })).toMatchObject({ sequence: 12, lastError: null });
  });

  it('replaces the whole list: a member left out of the new list is unknown', async () => {
    const { service } = await kiosk();
    const feed = smallFeed({ sequence: 11 });
    feed.members = feed.members.filter((m) => m.id !== 'cc-1');
    await service.visaList.importFeed({ feed: feedBytes(feed) });
    expect(service.desk.checkin({ credential: 'CC-1' }, { dryRun: true })).toMatchObject({ reason: 'unknown_credential' });
  });
});
