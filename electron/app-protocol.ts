import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../service/web/static-files.js';

/** The kiosk page is served as app://kiosk/, never file://, so it has an origin of its own. */
export const APP_ORIGIN = 'app://kiosk';
export const KIOSK_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for a URL of the kiosk's own page. Compared by scheme and host: URL.origin is "null" for
 * a custom scheme outside Chromium, so it cannot be compared with APP_ORIGIN.
 */
export function isAppUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === 'app:' && parsed.host === 'kiosk';
}

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveApp(root: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const wanted = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'kiosk' || (wanted !== root && !wanted.startsWith(root + path.sep))) return new Response('not found', { status: 404 });
    const file = path.extname(wanted) ? wanted : path.join(root, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}
