import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialCandidates, normaliseCredential, normaliseRfid, RfidForm } from '../../core/credentials';
import { KioskError } from '../../core/errors';
import { installDemo } from '../../service/demo-data';
import { Kiosk } from '../../service/kiosk';
import { useTempDir } from '../fixtures/temp';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('hostile credentials', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.stringMatching(/^[\s0-9a-fA-F:.\-x]{0,40}$/),
    fc.constant('9'.repeat(400)),
  );

  it('normalisation never throws, and what it accepts is canonical', () => {
    fc.assert(
      fc.property(text, fc.constantFrom<RfidForm | undefined>(undefined, ...RfidForm.options), (raw, form) => {
        for (const result of [normaliseCredential('rfid', raw, form), normaliseCredential('barcode', raw), normaliseRfid(raw, form)]) {
          if (result.ok) {
            if (result.credential.kind === 'rfid') expect(result.credential.value).toMatch(/^([0-9A-F]{2})+$/);
            else expect(result.credential.value).toBe(result.credential.value.trim());
          } else expect(typeof result.error).toBe('string');
        }
        for (const candidate of credentialCandidates(raw)) expect(candidate.value.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a check-in with any text is a decision or a KioskError, never anything else', async () => {
    const kiosk = Kiosk.open(path.join(tempDir(), 'kiosk.db'));
    cleanup.push(() => kiosk.close());
    await installDemo(kiosk);
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(undefined, 'rfid', 'barcode'),
        fc.constantFrom<RfidForm | undefined>(undefined, ...RfidForm.options),
        (credential, kind, form) => {
          try {
            const result = kiosk.desk.checkin({ credential, ...(kind && { kind }), ...(form && { form }) } as never, { dryRun: true });
            expect(['admitted', 'denied', 'staff']).toContain(result.decision);
          } catch (error) {
            expect(error).toBeInstanceOf(KioskError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
