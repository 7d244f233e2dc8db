import type { Handler } from '../http/context.js';
import { allowHeader, Refusal } from '../http/reply.js';
import { API_ROUTES } from './api.js';
import { requireSameSite } from './guard.js';
import { sendConsoleFile } from './page.js';
import { sessionIdOf } from './sessions.js';

const nothingHere = () => new Refusal(404, 'not_found', 'there is nothing at this address');

/** Everything under /console: the page, its assets and its API. */
export const handleConsole: Handler = async (context, call) => {
  const state = context.console;
  if (!state) throw nothingHere();
  const { request, response, url } = call;
  const rest = url.pathname.slice('/console'.length);
  if (!rest.startsWith('/api/')) {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      throw new Refusal(405, 'method_not_allowed', 'this address takes GET only', { Allow: allowHeader(['GET']) });
    if (rest === '') return void response.writeHead(301, { Location: '/console/' }).end();
    if (rest === '/') return sendConsoleFile(state.pageRoot, null, response);
    const asset = /^\/assets\/([^/]+)$/.exec(rest);
    if (!asset) throw nothingHere();
    return sendConsoleFile(state.pageRoot, asset[1]!, response);
  }
  const path = rest.slice('/api/'.length);
  const routes = API_ROUTES.filter((route) => route.pattern.test(path));
  if (routes.length === 0) throw nothingHere();
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const route = routes.find((r) => r.method === method);
  if (!route) {
    const allow = allowHeader(routes.map((r) => r.method));
    throw new Refusal(405, 'method_not_allowed', `this address takes ${allow} only`, { Allow: allow });
  }
  if (route.method === 'POST') requireSameSite(request);
  if (route.session && !state.sessions.use(sessionIdOf(request.headers.cookie)))
    throw new Refusal(401, 'signed_out', 'sign in first: this console session has ended or never began');
  await route.run(context, state, call, route.pattern.exec(path)!.slice(1));
};
