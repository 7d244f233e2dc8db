// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialForms } from '../../service/kiosk/identify';
import { serviceRefusal } from '../fixtures/fake-kiosk';
import { startKiosk } from './staff-session';

afterEach(cleanup);

describe('a badly formed badge number typed on the visitor’s screen', () => {
  it('says what is wrong with it, in German, with what was typed', async () => {
    const kiosk = await startKiosk();
    // The service's own refusal, as it travels: an RFID number that is not hexadecimal.
    kiosk.api.checkin.mockRejectedValueOnce(serviceRefusal(() => credentialForms('12X4', 'rfid')));
    fireEvent.click(screen.getByRole('button', { name: 'Deutsch' }));
    fireEvent.click(screen.getByRole('button', { name: 'Badge-Nummer eintippen' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Badge-Nummer' }), { target: { value: '12X4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Einchecken' }));
    expect((await screen.findByRole('alert')).textContent).toBe('„12X4“ ist keine hexadezimale Kartennummer: Bitte prüfen Sie die Eingabe.');
  });
});
