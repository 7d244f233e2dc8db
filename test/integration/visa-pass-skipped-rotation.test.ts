import { describe, expect, it } from 'vitest';
import { onlineKeyPath, readPrivateKey, rootKeyPath } from '../../registry/keys/key-files';
import { registry as runRegistry } from '../fixtures/registry-server';
import { signedPass } from '../fixtures/pass-input';
import { until } from '../fixtures/wait';
import { usePassAlliance } from './pass-alliance';

/** A real registry process rotating its online key twice while a kiosk joined to it does not sync. */

const alliance = usePassAlliance();
const DAY = 86_400_000;

describe('a kiosk that skipped an online key version', { timeout: 120_000 }, () => {
  it('still admits a pass the skipped key signed, once it syncs', async () => {
    const { harbour, registry, registryDir } = alliance();
    expect(harbour.alliance.state()).toMatchObject({ keyVersion: 1 });
    const pass = (key: ReturnType<typeof readPrivateKey>) => {
      const issuedAt = new Date();
      return signedPass(key, { memberId: 'cc-1', spaceId: 'cedar', name: 'Ada Lovelace', issuedAt, expiresAt: new Date(issuedAt.getTime() + 31 * DAY) });
    };
    const online = () => readPrivateKey(onlineKeyPath(registryDir), 'online key');
    const rotate = async () =>
      expect(await runRegistry(['key', 'rotate', '--dir', registryDir, '--root-key', rootKeyPath(registryDir)])).toMatchObject({ code: 0 });

    const underV1 = await pass(online());
    await rotate();
    // Issued by the registry while version 2 signed, then carried by the member for weeks.
    const underV2 = await pass(online());
    await rotate();
    const underV3 = await pass(online());
    await until('the registry to sign with version 3', () => registry.output().includes('the online key is now version 3'), 20_000, 50);

    // The kiosk's next sync jumps from version 1 to 3.
    await until(
      'the kiosk to take key version 3',
      async () => {
        await harbour.visaList.sync().catch(() => null);
        return harbour.alliance.state()?.keyVersion === 3;
      },
      20_000,
      200,
    );
    for (const text of [underV1, underV2, underV3])
      expect(harbour.desk.checkin({ credential: text }, { dryRun: true })).toMatchObject({ decision: 'admitted', kind: 'visa', member: { id: 'cc-1' } });
  });
});
