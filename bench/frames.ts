/**
 * EM4100 frames as real readers send them, built from a 10-hex-digit UID: STX, the UID and its
 * checksum (XOR of the five data bytes) as upper-case hex, then CR LF ETX (ID-12LA) or ETX
 * (RDM6300). `lowerCase` sends the hex in lower case; `checksum` sends that byte instead of the
 * right one, and `corrupt` a wrong one.
 */
export function em4100Frame(uid: string, options: { style?: 'id12' | 'rdm6300'; corrupt?: boolean; lowerCase?: boolean; checksum?: number } = {}): Uint8Array {
  const bytes = uid.match(/../g)!.map((h) => parseInt(h, 16));
  let checksum = options.checksum ?? bytes.reduce((a, b) => a ^ b, 0);
  if (options.corrupt) checksum ^= 0xff;
  const body = `${uid.toUpperCase()}${checksum.toString(16).toUpperCase().padStart(2, '0')}`;
  const tail = options.style === 'rdm6300' ? [0x03] : [0x0d, 0x0a, 0x03];
  return Uint8Array.from([0x02, ...Buffer.from(options.lowerCase ? body.toLowerCase() : body, 'ascii'), ...tail]);
}
