import { TIMESTAMP_FORMAT, type Timestamp } from '../../core/registry/documents.js';
import { replaceFile, TIMESTAMP_NAME } from './pub-files.js';
import { envelopeText, type SigningKey } from './sign.js';

/** How long a timestamp vouches for a publication: a kiosk whose newest timestamp is older says its list is stale. */
export const TIMESTAMP_LIFETIME_MS = 6 * 3600_000;

/** Signs "the newest publication is `sequence`, whose manifest has this hash" until six hours from `now`, and puts it in place whole. */
export function writeTimestamp(folder: string, latest: { sequence: number; manifestSha256: string }, signing: SigningKey, now: Date): Timestamp {
  const timestamp: Timestamp = {
    format: TIMESTAMP_FORMAT,
    sequence: latest.sequence,
    manifestSha256: latest.manifestSha256,
    expires: new Date(now.getTime() + TIMESTAMP_LIFETIME_MS).toISOString(),
    keyVersion: signing.version,
  };
  replaceFile(folder, TIMESTAMP_NAME, envelopeText(timestamp, signing.key));
  return timestamp;
}
