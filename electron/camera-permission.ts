import { isAppUrl } from './app-protocol.js';

/** What Electron says of a permission request or check, as far as the decision needs it. */
export interface PermissionAsk {
  permission: string;
  /** The page asking: the request's requestingUrl, or the check's requesting origin. */
  url: string;
  /** For `media`: what is asked for (a request lists them, a check names one); unknown when Electron does not say. */
  mediaTypes: readonly string[];
}

/**
 * The one permission the kiosk's page has: the camera, to read a visa pass's QR code. Only the
 * kiosk's own page (app://kiosk) gets it, and only video: never the microphone, never another
 * page (an error page, anything that got into a frame).
 */
export function grantsPermission({ permission, url, mediaTypes }: PermissionAsk): boolean {
  return permission === 'media' && isAppUrl(url) && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}
