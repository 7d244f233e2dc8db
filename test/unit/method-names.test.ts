import { describe, expect, it } from 'vitest';
import { EVENTS, METHODS } from '../../core/api';
import { EVENT_NAMES, isEventName, METHOD_NAMES } from '../../core/method-names';

describe('the schema-free names of the contract (what the preload and the page build their calls from)', () => {
  it('lists every method of core/api.ts once, and nothing else', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(METHODS).sort());
  });

  it('lists every event of core/api.ts once, and nothing else', () => {
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('knows an event by its own name only, not by a name every object has', () => {
    expect(isEventName('checkin')).toBe(true);
    expect(isEventName('toString')).toBe(false);
    expect(isEventName('constructor')).toBe(false);
  });
});
