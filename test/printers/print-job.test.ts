import { describe, expect, it } from 'vitest';
import { BadgePrinter } from '../../drivers/printers/badge-printer';
import { queueInfo } from '../../drivers/printers/cups-queues';
import { jobState, printAndFollow, type Clock, type PrintRequest } from '../../drivers/printers/print-job';
import type { Spooler, SpoolJob } from '../../drivers/printers/spooler';

const cupsQueue = (name: string, options: Record<string, unknown> = {}) => ({
  name,
  isDefault: false,
  options: {
    'printer-state': '3',
    'printer-is-accepting-jobs': 'true',
    'printer-info': `${name} printer`,
    'printer-state-change-time': new Date(),
    ...options,
  },
  status: 'IDLE',
});

/** A spooler that answers from a script: the statuses a job goes through, one per poll. */
function fakeSpooler(queues: unknown[], statuses: (unknown | null)[], submit: (job: SpoolJob) => number = () => 7) {
  const log: string[] = [];
  const spooler: Spooler = {
    printers: () => queues,
    submit: (job) => (log.push(`submit ${job.printer} ${job.type} ${JSON.stringify(job.options)}`), submit(job)),
    jobStatus: () => (statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? null)),
    cancel: (printer, id) => void log.push(`cancel ${printer} ${id}`),
    running: () => true,
  };
  return { spooler, log };
}

/** Time passes only when the job follower sleeps. */
function fakeClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

const request = (over: Partial<PrintRequest> = {}): PrintRequest => ({
  printer: 'desk',
  data: new Uint8Array([1, 2]),
  type: 'RAW',
  options: {},
  title: 'Visitor badge',
  timeoutMs: 3000,
  ...over,
});

describe('following a print job', () => {
  it('reports a job printed once the spooler says so', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('desk')], [['PENDING'], ['PRINTING'], ['PRINTED']]);
    expect(await printAndFollow(request({ type: 'PDF', options: { media: 'Custom.62x100mm' } }), spooler, fakeClock())).toEqual({
      status: 'printed',
      jobId: 7,
      detail: 'printed on "desk" (job 7)',
      reason: { state: 'printed', queue: 'desk', jobId: 7 },
    });
    expect(log).toEqual(['submit desk PDF {"media":"Custom.62x100mm"}']);
  });

  it('finds the queue whatever the case of its name, as CUPS does', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('Front_Desk')], [['PRINTED']]);
    expect((await printAndFollow(request({ printer: 'front_desk' }), spooler, fakeClock())).status).toBe('printed');
    expect(log[0]).toMatch(/^submit Front_Desk /);
  });

  it('names the queues there are when the one asked for does not exist', async () => {
    const { spooler } = fakeSpooler([cupsQueue('zebra'), cupsQueue('brother')], []);
    expect(await printAndFollow(request({ printer: 'dymo' }), spooler, fakeClock())).toEqual({
      status: 'failed',
      jobId: null,
      detail: 'no printer queue named "dymo"; the queues are: brother, zebra',
      reason: { state: 'not_found', queue: 'dymo' },
    });
    const none = fakeSpooler([], []);
    expect((await printAndFollow(request(), none.spooler, fakeClock())).detail).toBe('no printer queue named "desk"; this computer has no printer queues');
  });

  it('refuses a queue that rejects jobs without submitting', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('desk', { 'printer-is-accepting-jobs': 'false', 'printer-state-message': 'Rejecting Jobs' })], []);
    expect((await printAndFollow(request(), spooler, fakeClock())).detail).toBe('the printer queue "desk" is not accepting jobs: Rejecting Jobs');
    expect(log).toEqual([]);
  });

  it('passes on the spooler’s refusal', async () => {
    const { spooler } = fakeSpooler([cupsQueue('desk')], [], () => {
      throw new Error('client-error-document-format-not-supported');
    });
    expect(await printAndFollow(request(), spooler, fakeClock())).toEqual({
      status: 'failed',
      jobId: null,
      detail: 'the spooler refused the job for "desk": client-error-document-format-not-supported',
      reason: { state: 'refused', queue: 'desk', spooler: 'client-error-document-format-not-supported' },
    });
  });

  it('reports an aborted job with the queue’s message', async () => {
    const { spooler } = fakeSpooler([cupsQueue('desk', { 'printer-state-message': 'Unable to connect to printer' })], [['PRINTING'], ['ABORTED']]);
    expect(await printAndFollow(request(), spooler, fakeClock())).toEqual({
      status: 'failed',
      jobId: 7,
      detail: 'the printer aborted the job on "desk": Unable to connect to printer',
      reason: { state: 'aborted', queue: 'desk', jobId: 7, spooler: 'Unable to connect to printer' },
    });
  });

  it('cancels and reports a job that stopped on a filter error', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('desk', { 'printer-state-message': 'Filter failed' })], [['unsupported job status: 6']]);
    expect((await printAndFollow(request(), spooler, fakeClock())).detail).toBe('the job stopped on "desk": Filter failed');
    expect(log).toContain('cancel desk 7');
  });

  it('times out a job nobody prints, cancels it, and says the queue is stopped', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('desk', { 'printer-state': '5', 'printer-state-message': 'Paused' })], [['PENDING']]);
    expect(await printAndFollow(request(), spooler, fakeClock())).toEqual({
      status: 'failed',
      jobId: 7,
      detail: 'timed out after 3 s: the printer did not answer (the queue "desk" is stopped: Paused)',
      reason: { state: 'timed_out_stopped', queue: 'desk', jobId: 7, seconds: 3, spooler: 'Paused' },
    });
    expect(log).toEqual(['submit desk RAW {}', 'cancel desk 7']);
  });

  it('cancels a job still waiting when the kiosk stops, so no badge comes out later', async () => {
    const { spooler, log } = fakeSpooler([cupsQueue('desk')], [['PENDING']]);
    const stop = new AbortController();
    const clock = fakeClock();
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (clock.now() >= 1000) stop.abort();
    };
    expect(await printAndFollow(request({ timeoutMs: 30_000 }), spooler, clock, stop.signal)).toEqual({
      status: 'failed',
      jobId: 7,
      detail: 'cancelled: the kiosk stopped before the badge was printed',
      reason: { state: 'interrupted', queue: 'desk', jobId: 7 },
    });
    expect(log).toEqual(['submit desk RAW {}', 'cancel desk 7']);
    expect(clock.now()).toBe(1000);
  });

  it('counts a job that leaves a spooler without history (Windows) as printed', async () => {
    const { spooler } = fakeSpooler([{ name: 'desk', isDefault: true, options: {}, status: [] }], [['SPOOLING'], ['PRINTING'], null]);
    expect(await printAndFollow(request(), spooler, fakeClock())).toEqual({
      status: 'printed',
      jobId: 7,
      detail: 'job 7 left the queue "desk"',
      reason: { state: 'printed', queue: 'desk', jobId: 7 },
    });
  });
});

describe('job and queue states', () => {
  it.each([
    [['PRINTED'], 'printed'],
    [['COMPLETE', 'PRINTED'], 'printed'],
    [['PENDING'], 'waiting'],
    [['PAUSED'], 'waiting'],
    [['PRINTING'], 'waiting'],
    [['ABORTED'], 'failed'],
    [['CANCELLED'], 'failed'],
    [['DELETED'], 'failed'],
    [['unsupported job status: 6'], 'failed'],
    ['not a list', 'waiting'],
  ])('reads %j as %s', (status, state) => {
    expect(jobState(status).state).toBe(state);
  });

  it('reads CUPS and Windows queue records alike', () => {
    expect(queueInfo(cupsQueue('zebra', { 'printer-state': '5', 'printer-state-message': 'Paused' }))).toEqual({
      name: 'zebra',
      state: 'stopped',
      acceptingJobs: true,
      isDefault: false,
      description: 'zebra printer',
      message: 'Paused',
    });
    expect(queueInfo({ name: 'ZDesigner ZD421', isDefault: true, options: { description: 'ZDesigner ZD421-203dpi ZPL' }, status: ['OFFLINE'] })).toEqual({
      name: 'ZDesigner ZD421',
      state: 'stopped',
      acceptingJobs: true,
      isDefault: true,
      description: 'ZDesigner ZD421-203dpi ZPL',
      message: '',
    });
    expect(queueInfo({ name: 'EPSON TM-T20III', options: {}, status: [] })?.state).toBe('idle');
    expect(queueInfo({ nope: true })).toBeNull();
  });
});

describe('BadgePrinter', () => {
  it('refuses an invalid badge or settings with a message naming the field', async () => {
    const printer = new BadgePrinter();
    const badge = { name: 'Ada', kind: 'visa', homeSpace: null, hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 1 } as const;
    await expect(printer.print({ ...badge, validOn: '21/11/2026' }, { name: 'desk', format: 'zpl', label: '4x3in' })).rejects.toThrow(
      /^invalid badge: validOn: must be a date written YYYY-MM-DD$/,
    );
    // @ts-expect-error an unknown label size
    await expect(printer.print(badge, { name: 'desk', format: 'zpl', label: 'A4' })).rejects.toThrow(/^invalid printer settings: label: /);
  });
});
