import { describe, expect, it } from 'vitest';
import { isPlainHttp, listFreshness, plainHttpSource, type ListTimes } from '../../core/list-freshness';

const NOW = new Date('2026-11-21T12:00:00Z');
const times = (over: Partial<ListTimes> = {}): ListTimes => ({
  generatedAt: '2026-11-20T09:00:00Z',
  expiresAt: null,
  installedAt: '2026-11-20T10:00:00Z',
  lastSyncAt: '2026-11-21T11:00:00Z',
  ...over,
});

describe('how fresh the visa list is', () => {
  it('judges by the list’s own generatedAt; the age shown counts from the last sync', () => {
    expect(listFreshness(times(), NOW, 7)).toEqual({ ageSeconds: 3600, stale: false, staleReason: null });
    expect(listFreshness(times({ generatedAt: '2026-11-14T11:59:59Z' }), NOW, 7)).toEqual({ ageSeconds: 3600, stale: true, staleReason: 'too_old' });
    expect(listFreshness(times({ generatedAt: '2026-11-14T12:00:00Z' }), NOW, 7)).toMatchObject({ stale: false });
    expect(listFreshness(times({ generatedAt: '2026-11-21T06:00:00Z' }), NOW, 0.25)).toMatchObject({ stale: false });
    expect(listFreshness(times({ generatedAt: '2026-11-21T05:59:00Z' }), NOW, 0.25)).toMatchObject({ staleReason: 'too_old' });
  });

  it('an expiresAt that has passed makes the list stale from that moment', () => {
    expect(listFreshness(times({ expiresAt: '2026-11-21T12:00:01Z' }), NOW, 7)).toMatchObject({ stale: false });
    expect(listFreshness(times({ expiresAt: '2026-11-21T12:00:00Z' }), NOW, 7)).toMatchObject({ stale: true, staleReason: 'expired' });
  });

  it('a list dated more than an hour ahead of this clock is not fresh', () => {
    expect(listFreshness(times({ generatedAt: '2026-11-21T13:00:00Z' }), NOW, 7)).toMatchObject({ stale: false });
    expect(listFreshness(times({ generatedAt: '2026-11-21T13:00:01Z' }), NOW, 7)).toMatchObject({ stale: true, staleReason: 'from_the_future' });
  });

  it('a CSV list (no generatedAt) counts from its install; no list at all is stale', () => {
    expect(listFreshness(times({ generatedAt: null, installedAt: '2026-11-10T12:00:00Z' }), NOW, 7)).toMatchObject({ staleReason: 'too_old' });
    expect(listFreshness(times({ generatedAt: null, installedAt: '2026-11-20T12:00:00Z' }), NOW, 7)).toMatchObject({ stale: false });
    expect(listFreshness({ generatedAt: null, expiresAt: null, installedAt: null, lastSyncAt: null }, NOW, 7)).toEqual({
      ageSeconds: null,
      stale: true,
      staleReason: 'no_list',
    });
  });

  it('tells a plain-http feed URL apart', () => {
    expect(isPlainHttp('http://alliance.example/list.json')).toBe(true);
    expect(isPlainHttp('HTTP://alliance.example/list.json')).toBe(true);
    expect(isPlainHttp('https://alliance.example/list.json')).toBe(false);
    expect(isPlainHttp(null)).toBe(false);
  });

  it('warns of a plain-http registry only beyond this computer, and of a plain-http feed anywhere', () => {
    expect(plainHttpSource('registry', 'http://192.0.2.7:4318')).toBe(true);
    expect(plainHttpSource('registry', 'http://registry.example.org')).toBe(true);
    expect(plainHttpSource('registry', 'http://127.0.0.1:4318')).toBe(false);
    expect(plainHttpSource('registry', 'http://[::1]:4318')).toBe(false);
    expect(plainHttpSource('registry', 'http://localhost:4318')).toBe(false);
    expect(plainHttpSource('registry', 'https://registry.example.org')).toBe(false);
    expect(plainHttpSource('feed', 'http://127.0.0.1:8080/list.json')).toBe(true);
  });
});
