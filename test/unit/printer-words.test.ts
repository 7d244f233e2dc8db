import { describe, expect, it } from 'vitest';
import type { QueueInfo } from '../../core/badge';
import { PrinterReason, queueReason } from '../../core/printer-reason';
import { createI18n, LANGUAGES } from '../../renderer/i18n';
import { printerText } from '../../renderer/printer-words';

const queue = (over: Partial<QueueInfo> = {}): QueueInfo => ({
  name: 'Front_Desk',
  state: 'idle',
  acceptingJobs: true,
  isDefault: false,
  description: '',
  message: '',
  ...over,
});

describe('what the configured queue’s listing says', () => {
  it('names the queue asked for when it is missing', () => {
    expect(queueReason('front_desk', null)).toEqual({ state: 'not_found', queue: 'front_desk' });
  });

  it('a stopped queue is stopped, with the spooler’s own word', () => {
    expect(queueReason('front_desk', queue({ state: 'stopped', message: 'Paused' }))).toEqual({ state: 'stopped', queue: 'Front_Desk', spooler: 'Paused' });
  });

  it('a queue that rejects jobs says so, without a word when the spooler gave none', () => {
    expect(queueReason('front_desk', queue({ acceptingJobs: false }))).toEqual({ state: 'not_accepting', queue: 'Front_Desk' });
  });

  it('an idle or printing queue that takes jobs is ready, under its own name', () => {
    expect(queueReason('front_desk', queue())).toEqual({ state: 'ready', queue: 'Front_Desk' });
    expect(queueReason('front_desk', queue({ state: 'printing' }))).toEqual({ state: 'ready', queue: 'Front_Desk' });
  });
});

const everyState = PrinterReason.shape.state.options.map((state): PrinterReason => ({ state, queue: 'desk', jobId: 41, seconds: 30 }));

describe.each(LANGUAGES)('the printer in %s', (language) => {
  const t = createI18n(language).t;
  const english = createI18n('en').t;

  it.each(everyState)('words $state with its blanks filled', (reason) => {
    const text = printerText(t, reason);
    expect(text).not.toMatch(/printerState|\{\{|undefined/);
    if (language !== 'en') expect(text).not.toBe(printerText(english, reason));
  });

  it('shows the spooler’s own words as they are, after its own', () => {
    const reason: PrinterReason = { state: 'stopped', queue: 'desk', spooler: 'Filter failed' };
    const text = printerText(t, reason);
    expect(text.startsWith(printerText(t, { state: 'stopped', queue: 'desk' }))).toBe(true);
    expect(text).toContain('Filter failed');
  });
});

describe('the German words', () => {
  const t = createI18n('de').t;

  it('say a stopped queue and a missing one plainly', () => {
    expect(printerText(t, { state: 'stopped', queue: 'desk', spooler: 'Paused' })).toBe(
      'Der Drucker desk ist angehalten: Prüfen Sie, ob er eingeschaltet ist und Etiketten hat. Meldung des Druckers: „Paused“',
    );
    expect(printerText(t, { state: 'not_found', queue: 'gone' })).toBe(
      'Auf diesem Computer gibt es keinen Drucker namens gone. Eine Leitung kann den Drucker in den Einstellungen wählen.',
    );
  });
});

describe('a queue name or spooler message that turns the direction of text', () => {
  const en = createI18n('en').t;

  it('is isolated, so a right-to-left override cannot turn the kiosk’s sentence around', () => {
    const text = printerText(en, { state: 'stopped', queue: 'desk\u202Eevil', spooler: 'Paused\u202E!' });
    expect(text).toMatch(/^The printer \u2068desk\u202Eevil\u2069 is stopped/);
    expect(text).toContain('\u2068Paused\u202E!\u2069');
  });
});
