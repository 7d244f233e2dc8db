import { describe, expect, it } from 'vitest';
import { KioskError, wireError } from '../../core/errors';
import { createI18n, LANGUAGES } from '../../renderer/i18n';
import { errorText } from '../../renderer/error-message';
import { credentialForms } from '../../service/kiosk/identify';

/** The refusal as a screen receives it: over the wire, English line and detail. */
function refusalOf(typed: string, kind?: 'rfid' | 'barcode', form?: 'decimal'): Error {
  try {
    credentialForms(typed, kind, form);
  } catch (error) {
    const wire = wireError(error as KioskError);
    return Object.assign(new Error(wire.message), wire);
  }
  throw new Error(`"${typed}" was accepted`);
}

describe('a badly formed typed badge number', () => {
  it('carries why it was refused, as data', () => {
    expect(refusalOf('12X4', 'rfid')).toMatchObject({ code: 'invalid', detail: { what: 'credential_refused', text: '12X4', fault: { kind: 'not_hex' } } });
    expect(refusalOf('99999999999', 'rfid', 'decimal')).toMatchObject({ detail: { what: 'credential_refused', fault: { kind: 'not_decimal' } } });
    expect(refusalOf('\u0007')).toMatchObject({ detail: { what: 'not_a_badge' } });
  });

  it('is worded in German with what was typed, not the generic refusal', () => {
    const t = createI18n('de').t;
    expect(errorText(t, refusalOf('12X4', 'rfid'))).toBe('„12X4“ ist keine hexadezimale Kartennummer: Bitte prüfen Sie die Eingabe.');
  });

  it.each(LANGUAGES)('is worded in %s, apart from English', (language) => {
    const t = createI18n(language).t;
    const english = createI18n('en').t;
    for (const refusal of [refusalOf('12X4', 'rfid'), refusalOf('\u0007')]) {
      const text = errorText(t, refusal);
      expect(text).not.toMatch(/problem\.|\{\{|undefined/);
      expect(text).not.toBe(t('problem.invalid'));
      if (language !== 'en') expect(text).not.toBe(errorText(english, refusal));
    }
  });
});
