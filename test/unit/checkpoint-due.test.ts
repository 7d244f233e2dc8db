import { describe, expect, it } from 'vitest';
import { checkpointDue, KIOSK_CHECKPOINTS as policy } from '../../db/checkpoints';

const MB = 1024 * 1024;
const state = { now: 10_000, unsaved: true, lastWriteAt: 10_000, walBytes: MB, taps: 1, behind: false };

describe('when the kiosk checkpoints its write-ahead log', () => {
  it('once writes have been quiet for a while', () => {
    expect(checkpointDue({ ...state, lastWriteAt: 10_000 - policy.quietMs + 1 }, policy, false)).toBeNull();
    expect(checkpointDue({ ...state, lastWriteAt: 10_000 - policy.quietMs }, policy, false)).toBe('quiet');
  });

  it('at once when a tap just answered brought the log to its bound, even at the end of a run of taps', () => {
    expect(checkpointDue({ ...state, walBytes: policy.maxWalBytes }, policy, true)).toBe('backlog');
    expect(checkpointDue({ ...state, walBytes: policy.maxWalBytes, taps: policy.tapsPerCopy }, policy, true)).toBe('backlog');
  });

  it('after a run of taps with no quiet moment, however little the log file has grown', () => {
    expect(checkpointDue({ ...state, taps: policy.tapsPerCopy - 1 }, policy, true)).toBeNull();
    expect(checkpointDue({ ...state, taps: policy.tapsPerCopy }, policy, true)).toBe('taps');
  });

  it("as a backlog after a rush's taps when the last copy was cut short, never before them", () => {
    expect(checkpointDue({ ...state, behind: true, taps: policy.tapsPerCopy - 1 }, policy, true)).toBeNull();
    expect(checkpointDue({ ...state, behind: true, taps: policy.tapsPerCopy }, policy, true)).toBe('backlog');
  });

  it('not on the timer while taps go on, whatever the log holds: the next badge may already be waiting to be read', () => {
    expect(checkpointDue({ ...state, walBytes: 64 * MB, taps: 10 * policy.tapsPerCopy }, policy, false)).toBeNull();
  });

  it('never when nothing was written since the last one, however large the file', () => {
    expect(checkpointDue({ ...state, now: 60_000, unsaved: false, lastWriteAt: 0, walBytes: 64 * MB }, policy, true)).toBeNull();
  });
});
