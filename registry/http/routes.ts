import { handleConsole } from '../console/routes.js';
import type { Handler } from './context.js';
import { deleteOwnKiosk, getDeltas, getFeed, getManifest, getTimestamp } from './kiosk-routes.js';
import { MAX_BODY_BYTES, MAX_ROSTER_BYTES } from './limits.js';
import { deleteAnnouncement, getAnnouncePage, getAnnouncements, postAnnounceForm, postAnnouncement, postCancelForm } from './announce-routes.js';
import { getBrokenPassLink, getPassCard, getPassLinks, getPassPage } from './pass-routes.js';
import { allowHeader } from './reply.js';
import { getDirectory, getDirectoryPage, getKeys, postEnrol } from './public-routes.js';
import { deleteToken, getTokens, postToken } from './token-routes.js';
import { deleteMember, patchMember, postMember, putRoster, putTerms } from './write-routes.js';

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
  /** The largest body the route reads. */
  maxBody: number;
}

const ID = '([A-Za-z0-9._-]{1,100})';
const MAC = '([A-Za-z0-9_-]{22})';
const UUID = '([0-9a-f-]{36})';

const ROUTES: Route[] = [
  { pattern: /^\/(?:directory)?$/, methods: { GET: getDirectoryPage }, maxBody: 0 },
  { pattern: /^\/v1\/keys$/, methods: { GET: getKeys }, maxBody: 0 },
  { pattern: /^\/v1\/directory$/, methods: { GET: getDirectory }, maxBody: 0 },
  { pattern: /^\/v1\/enrol$/, methods: { POST: postEnrol }, maxBody: MAX_BODY_BYTES },
  { pattern: /^\/v1\/timestamp$/, methods: { GET: getTimestamp }, maxBody: 0 },
  { pattern: /^\/v1\/manifest\/([^/]+)$/, methods: { GET: getManifest }, maxBody: 0 },
  { pattern: /^\/v1\/feed\/([^/]+)$/, methods: { GET: getFeed }, maxBody: 0 },
  { pattern: /^\/v1\/deltas$/, methods: { GET: getDeltas }, maxBody: 0 },
  { pattern: /^\/v1\/kiosks\/me$/, methods: { DELETE: deleteOwnKiosk }, maxBody: 0 },
  { pattern: new RegExp(`^/v1/spaces/${ID}/roster$`), methods: { PUT: putRoster }, maxBody: MAX_ROSTER_BYTES },
  { pattern: new RegExp(`^/v1/spaces/${ID}/members$`), methods: { POST: postMember }, maxBody: MAX_BODY_BYTES },
  { pattern: new RegExp(`^/v1/spaces/${ID}/members/${ID}$`), methods: { PATCH: patchMember, DELETE: deleteMember }, maxBody: MAX_BODY_BYTES },
  { pattern: new RegExp(`^/v1/spaces/${ID}/terms$`), methods: { PUT: putTerms }, maxBody: MAX_BODY_BYTES },
  { pattern: new RegExp(`^/v1/spaces/${ID}/tokens$`), methods: { GET: getTokens, POST: postToken }, maxBody: MAX_BODY_BYTES },
  { pattern: new RegExp(`^/v1/spaces/${ID}/tokens/${ID}$`), methods: { DELETE: deleteToken }, maxBody: MAX_BODY_BYTES },
  { pattern: /^\/v1\/pass-links$/, methods: { GET: getPassLinks }, maxBody: 0 },
  { pattern: new RegExp(`^/pass/${ID}/${ID}/${MAC}$`), methods: { GET: getPassPage }, maxBody: 0 },
  { pattern: new RegExp(`^/pass/${ID}/${ID}/${MAC}/card\\.pdf$`), methods: { GET: getPassCard }, maxBody: 0 },
  { pattern: /^\/pass(?:\/.*)?$/, methods: { GET: getBrokenPassLink }, maxBody: 0 },
  { pattern: /^\/v1\/announcements$/, methods: { GET: getAnnouncements, POST: postAnnouncement }, maxBody: MAX_BODY_BYTES },
  { pattern: new RegExp(`^/v1/announcements/${UUID}$`), methods: { DELETE: deleteAnnouncement }, maxBody: MAX_BODY_BYTES },
  { pattern: /^\/announce\/?$/, methods: { GET: getAnnouncePage, POST: postAnnounceForm }, maxBody: MAX_BODY_BYTES },
  // Opened again after a cancel (a restored tab, a shared address): the announce page, not a 405.
  { pattern: /^\/announce\/cancel\/?$/, methods: { GET: getAnnouncePage, POST: postCancelForm }, maxBody: MAX_BODY_BYTES },
  { pattern: /^\/console(?:\/.*)?$/, methods: { GET: handleConsole, POST: handleConsole }, maxBody: MAX_BODY_BYTES },
];

export type Match = { handler: Handler; params: string[]; maxBody: number } | { allow: string } | null;

/** The route for a method and path; `allow` when the path exists but not with this method; null when nothing is there. */
export function matchRoute(method: string, pathname: string): Match {
  for (const route of ROUTES) {
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    // HEAD is GET without the body: node's response drops what the handler writes.
    const handler = route.methods[method] ?? (method === 'HEAD' ? route.methods.GET : undefined);
    if (!handler) return { allow: allowHeader(Object.keys(route.methods)) };
    return { handler, params: found.slice(1), maxBody: route.maxBody };
  }
  return null;
}
