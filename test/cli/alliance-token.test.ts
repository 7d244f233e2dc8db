import { describe, expect, it } from 'vitest';
import { useJoinedKiosk } from '../fixtures/joined-kiosk';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const { setUp } = useJoinedKiosk(tempDir);

describe('visa-kiosk alliance token', () => {
  it('lists the tokens the space made, revoked ones with when, so a token whose id was lost can still be revoked', async () => {
    const { run } = await setUp();
    expect((await run('alliance', 'token', 'list')).stdout).toBe('this space has made no API token: `alliance token create` makes one\n');
    const kept = JSON.parse((await run('alliance', 'token', 'create', '--label', 'membership system', '--json')).stdout) as { id: string };
    const lost = JSON.parse((await run('alliance', 'token', 'create', '--json')).stdout) as { id: string };
    expect((await run('alliance', 'token', 'revoke', lost.id)).stdout).toBe(`revoked token ${lost.id}\n`);

    const listed = JSON.parse((await run('alliance', 'token', 'list', '--json')).stdout) as Record<string, unknown>[];
    expect(listed).toEqual([
      { id: kept.id, label: 'membership system', createdAt: expect.stringMatching(/^\d{4}-/), createdBy: 'kiosk:k-1', revokedAt: null },
      { id: lost.id, label: '', createdAt: expect.stringMatching(/^\d{4}-/), createdBy: 'kiosk:k-1', revokedAt: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(listed.some((t) => 'token' in t)).toBe(false);
    const lines = (await run('alliance', 'token', 'list')).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${kept.id}  membership system  made \\d{4}-.* by kiosk:k-1  in use$`));
    expect(lines[1]).toMatch(new RegExp(`^${lost.id}  \\(no label\\)  made .*  revoked \\d{4}-`));

    const tooLong = await run('alliance', 'token', 'create', '--label', 'x'.repeat(101));
    expect(tooLong).toMatchObject({ code: 2, stderr: expect.stringContaining('--label takes a label for the token of at most 100 characters') });
    expect((await run('alliance', 'token', 'list', 'extra')).code).toBe(2);
    // One token a line: a label cannot break the list or send a terminal escape.
    const breaking = await run('alliance', 'token', 'create', '--label', 'one\ntwo');
    expect(breaking).toMatchObject({ code: 2, stderr: expect.stringContaining('--label holds a control character (a line break, a tab, an escape)') });
  });
});
