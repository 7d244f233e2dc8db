import { packRows, type Bitmap } from './bitmap.js';

/**
 * A bitmap as a ZPL II graphic field, `^GFA,b,c,d,data` (Zebra ZPL II Programming Guide, "^GF
 * Graphic Field"): A for ASCII hexadecimal data, b the bytes sent and c the bytes of the whole
 * graphic (the same for ASCII), d the bytes per row, then two hex digits per byte, rows top to
 * bottom, a set bit printing a dot. Placed by the ^FO before it, like any field.
 */
export function zplGraphicField(bitmap: Bitmap): string {
  if (bitmap.width < 1 || bitmap.height < 1) throw new RangeError(`a ZPL graphic needs at least one dot, not ${bitmap.width}×${bitmap.height}`);
  const { bytesPerRow, bytes } = packRows(bitmap);
  const hex = Buffer.from(bytes).toString('hex').toUpperCase();
  return `^GFA,${bytes.length},${bytes.length},${bytesPerRow},${hex}`;
}
