import { describe, expect, it } from 'vitest';
import { loggedAddress } from '../../registry/http/logged-address';

describe("the registry's log keeps no member's key", () => {
  it("drops a pass link's code, and its card's, keeping which space and member it was", () => {
    expect(loggedAddress('/pass/harbour/HW-0001/Zm9vYmFyYmF6cXV4')).toBe('/pass/harbour/HW-0001/…');
    expect(loggedAddress('/pass/harbour/HW-0001/Zm9vYmFyYmF6cXV4/card.pdf')).toBe('/pass/harbour/HW-0001/…/card.pdf');
  });

  it('drops a pass carried in a query, wherever it stands, and keeps the rest', () => {
    expect(loggedAddress('/announce?pass=CV1%3AABC123&host=spreewerk')).toBe('/announce?pass=…&host=spreewerk');
    expect(loggedAddress('/announce?host=spreewerk&PASS=CV1:ABC')).toBe('/announce?host=spreewerk&PASS=…');
  });

  it('leaves other addresses as they are, cut to 200 characters', () => {
    expect(loggedAddress('/v1/timestamp')).toBe('/v1/timestamp');
    expect(loggedAddress(undefined)).toBe('');
    expect(loggedAddress(`/v1/${'x'.repeat(500)}`)).toHaveLength(200);
  });
});
