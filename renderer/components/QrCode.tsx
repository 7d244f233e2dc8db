import QRCode from 'qrcode';
import { useMemo } from 'react';

/** A QR code drawn as one SVG path from the `qrcode` library's modules: no image, nothing the page's CSP must allow. */
export function QrCode({ text, label, size = 240 }: { text: string; label: string; size?: number }) {
  const { path, width } = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    // get(row, column): the symbol drawn the other way round is its mirror image, which many phone scanners cannot read.
    let d = '';
    for (let y = 0; y < modules.size; y++) for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
    return { path: d, width: modules.size + 8 };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${width} ${width}`} width={size} height={size} shapeRendering="crispEdges">
      <rect width={width} height={width} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
