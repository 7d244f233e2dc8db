import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlPage } from '../../registry/pages/html';

describe("the registry pages' shell", () => {
  it('escapes text for an element or a quoted attribute', () => {
    expect(escapeHtml(`<b onclick='x'>"Tom & Jerry"</b>`)).toBe('&lt;b onclick=&#39;x&#39;&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;');
  });

  it('gives every page the same head, its title escaped, its body as built', () => {
    const html = htmlPage({ title: 'Coast & <Co>', style: 'p{margin:0}', body: '<p>Hello</p>' });
    expect(html).toBe(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coast &amp; &lt;Co&gt;</title><style>p{margin:0}</style></head><body>
<p>Hello</p>
</body></html>
`);
  });
});
