import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../service/web/static-files.js';

/** The kiosk page is served as app://kiosk/, never file://, so it has an origin of its own. */
export const APP_ORIGIN = 'app://kiosk';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveApp(root: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const wanted = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'kiosk' || !wanted.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    const file = path.extname(wanted) ? wanted : path.join(root, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}
