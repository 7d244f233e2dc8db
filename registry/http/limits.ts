/** Bodies: a whole roster may be large (a big space's members as JSON); anything else is a few hundred bytes. */
export const MAX_ROSTER_BYTES = 64 * 1024 * 1024;
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * HTTP clocks: a request's headers must arrive within 10 s and its body within 10 s after them (a
 * client trickling bytes holds a connection no longer); an idle keep-alive connection closes after 5 s.
 */
export const HTTP_TIMEOUTS = { headersMs: 10_000, bodyMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

/** Headers of one request: far above any client's, far below what would cost the registry memory. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Open TCP connections at once: every kiosk of a large alliance polling, well below the file limit. */
export const MAX_CONNECTIONS = 4096;

/**
 * Open TCP connections from one client (an IPv4 address, an IPv6 /64): every kiosk of a large
 * space behind one NAT, and its membership system, with room to spare.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 128;

/** Requests one connection may have sent and not yet been answered; kiosks and browsers send one at a time. */
export const MAX_PIPELINED = 16;
