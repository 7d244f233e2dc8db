import type { Rate } from '../token-bucket.js';

/** Open screens at once; a front desk has a handful. Beyond it the upgrade is answered 503. */
export const MAX_SCREENS = 32;

/**
 * Screens one paired device may hold open: a tablet or a second desk shows one or two. Past it,
 * and past the places kept for this computer's own screens, one device reloading in a loop or
 * opening tabs would shut the kiosk's own screen out.
 */
export const MAX_SCREENS_PER_DEVICE = 8;
export const SCREENS_KEPT_FOR_THIS_COMPUTER = 4;

/** New sockets from one address: a page reconnecting now and then fits; a loop opening them to reset its limits does not. */
export const OPENINGS_RATE: Rate = { burst: 40, perSecond: 1 };

/**
 * Replies and events a screen has not read yet, held for it in this process. A screen that
 * stops reading is cut off past this, so it cannot grow the kiosk's memory without end.
 */
export const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

/** One request message; a CSV import is the largest a screen sends. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * One request message from a screen nobody is signed in to: a tap, a pass or a day pass form is
 * well under a kilobyte. Larger ones (an import) need a staff session, so a stranger's socket
 * cannot make the kiosk parse 8 MB of JSON, its taps waiting meanwhile, before any limit applies.
 */
export const MAX_SIGNED_OUT_MESSAGE_BYTES = 64 * 1024;

/**
 * HTTP clocks: a request's headers must arrive within 10 s and all of it within 30 s (a client
 * trickling them holds a connection no longer); an idle connection is closed after a minute.
 */
export const HTTP_TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, idleMs: 60_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

/** Open TCP connections at once, whatever they are doing: far above a front desk's, well below the file limit. */
export const MAX_CONNECTIONS = 512;

/** Of those, the most that devices elsewhere may hold together: the rest stay free for this computer's own screens. */
export const MAX_CONNECTIONS_ELSEWHERE = MAX_CONNECTIONS - 64;

/**
 * Open TCP connections from one address: a browser opens six or so, plus a socket per screen
 * ({@link MAX_SCREENS} at most); far more is one client holding the kiosk's connections from the rest.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 64;

/** Requests one connection may have sent and not yet been answered; a browser sends one at a time. */
export const MAX_PIPELINED = 16;
