import type http from 'node:http';
import type { Db } from '../../db/open.js';
import type { ConsoleState } from '../console/console-state.js';
import type { RegistryKeys } from '../keys/keys-document.js';
import type { AuthDeps } from './auth.js';
import type { SpaceWrites } from './space-writes.js';

/** What every route reads: the registry's database, its keys and published files, and how it writes members. */
export interface RegistryContext {
  db: Db;
  alliance: string;
  /** The address kiosks and members reach the registry by (set at init): pass links start with it. */
  publicUrl: string;
  keys: RegistryKeys;
  /** DIR/pub, where the publisher writes. */
  pubDir: string;
  auth: AuthDeps;
  /** The members store and the publisher. */
  writes: SpaceWrites;
  /**
   * Takes up a key `registry key rotate` just wrote, before a pass is signed: a pass the retired key
   * signed after its retirement is refused everywhere. Without it, the keys loaded at start.
   */
  followKeys?: () => Promise<void>;
  /** The coordinator console's page and sessions; without it /console is not served. */
  console?: ConsoleState;
}

/** One request on its way through a route: its address, path parameters and body (already read). */
export interface Call {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  url: URL;
  params: string[];
  body: Buffer;
  /** The body's SHA-256 (hex), taken as it arrived. */
  bodySha256: string;
}

export type Handler = (context: RegistryContext, call: Call) => Promise<void> | void;
