// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it } from 'vitest';
import { QrCode } from '../../renderer/components/QrCode';

afterEach(cleanup);

/** The dark modules ("x,y", margin included) of the `qrcode` library's own SVG: runs of `h` along each row, moved by `M` and `m`. */
async function libraryModules(text: string): Promise<Set<string>> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1]!;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Number(b)];
    else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else if (op === 'h') {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  return dark;
}

/** The dark modules of the kiosk's drawing: one `M x y h1v1h-1z` square each. */
function drawnModules(svg: Element): Set<string> {
  const d = svg.querySelector('path')!.getAttribute('d')!;
  return new Set([...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map(([, x, y]) => `${x},${y}`));
}

describe('the QR code the kiosk draws (the announce link on a denial for notice)', () => {
  it('is the symbol itself, not its mirror image: the same modules the qrcode library draws, row by row', async () => {
    const text = 'https://registry.example.org/announce?host=cedar-commons';
    render(<QrCode text={text} label="QR code: announce your visit" />);
    const drawn = drawnModules(screen.getByRole('img', { name: 'QR code: announce your visit' }));
    expect(drawn.size).toBeGreaterThan(100);
    expect(drawn).toEqual(await libraryModules(text));
  });
});
