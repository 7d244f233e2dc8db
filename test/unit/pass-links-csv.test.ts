import { describe, expect, it } from 'vitest';
import { passLinksCsv } from '../../service/alliance/pass-links';

describe('pass links CSV', () => {
  it('has a header and one row per member, with formulas in names neutralised', () => {
    const csv = passLinksCsv([{ memberId: 'hw-1', name: '@SUM(A1)', email: 'a@b.org', status: 'active', link: 'https://r.example/pass/h/hw-1/x' }]);
    expect(csv).toBe("member_id,name,email,status,pass_link\r\nhw-1,'@SUM(A1),a@b.org,active,https://r.example/pass/h/hw-1/x\r\n");
  });
});
