// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { openPage, signInAs } from './staff-session';

/** A reader's keys at the given times (ms), then Enter: key times are set, since jsdom's own are not a reader's. */
function scanAt(times: number[], text = 'HW-0002') {
  act(() => {
    [...text, 'Enter'].forEach((key, i) => {
      const event = new KeyboardEvent('keydown', {
        key,
        bubbles: true,
        cancelable: true,
      });
      Object.defineProperty(event, 'timeStamp', { value: times[i] });
      (document.activeElement ?? document.body).dispatchEvent(event);
    });
  });
}

const slowReader = Array.from({ length: 8 }, (_, i) => 10_000 + i * 150);

afterEach(cleanup);

describe('Learn from a scan (Devices page)', () => {
  it('staff see the limit a slow reader needs, and that a manager saves it; the scan checks no one in', async () => {
    const kiosk = await signInAs('staff');
    openPage('Devices');
    const panel = screen.getByRole('region', { name: 'Readers that type' });
    within(panel).getByText('A badge’s keys come at most 60 ms apart; slower keys are a person typing.');
    fireEvent.click(within(panel).getByRole('button', { name: 'Learn from a scan' }));
    within(panel).getByText('Scan a badge now.');
    scanAt(slowReader);
    within(panel).getByText('Longest gap between keys: 150 ms. Suggested limit: 250 ms.');
    within(panel).getByText('A manager can save this limit.');
    expect(within(panel).queryByRole('button', { name: 'Use 250 ms' })).toBeNull();
    expect(kiosk.api.checkin).not.toHaveBeenCalled();
    expect(kiosk.api.setSetting).not.toHaveBeenCalled();
  });

  it('a manager saves it through the setting, and the kiosk then reads that reader’s badges', async () => {
    const kiosk = await signInAs('manager');
    openPage('Devices');
    const panel = screen.getByRole('region', { name: 'Readers that type' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Learn from a scan' }));
    scanAt(slowReader);
    fireEvent.click(within(panel).getByRole('button', { name: 'Use 250 ms' }));
    await within(panel).findByText('Saved: badges typed with keys up to 250 ms apart are read.');
    expect(kiosk.api.setSetting).toHaveBeenCalledWith({
      key: 'reader.wedgeGapMs',
      value: 250,
    });
    within(panel).getByText('A badge’s keys come at most 250 ms apart; slower keys are a person typing.');
    scanAt(slowReader.map((t) => t + 5_000));
    expect(kiosk.api.checkin).toHaveBeenCalledWith({ credential: 'HW-0002' });
  });

  it('a scan too short for a badge says so', async () => {
    await signInAs('staff');
    openPage('Devices');
    const panel = screen.getByRole('region', { name: 'Readers that type' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Learn from a scan' }));
    scanAt([1, 2, 3], '12');
    within(panel).getByText('That was too short for a badge. Learn again and scan a badge.');
  });
});
