/** Set-up shared by the "not saved" fault tests: a temp folder, steps undone after each test, and the demo members. */
import { afterEach } from 'vitest';
import { demoFeed } from '../../service/demo-data';
import { useTempDir } from '../fixtures/temp';

const members = demoFeed().members;
/** A demo member's RFID badge, with what must never reach a log or an event about a tap that was not saved. */
export const visitor = (i: number) => {
  const member = members[i]!;
  return { uid: member.credentials.find((c) => c.kind === 'rfid')!.value, id: member.id, name: member.name, email: member.email };
};

/** A temp folder, and a list of steps undone (last first) after each test. */
export function useNotSavedSetUp() {
  const tempDir = useTempDir();
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  return { tempDir, cleanup };
}
