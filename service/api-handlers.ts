import type { z } from 'zod';
import type { MethodName, MethodOutput } from '../core/api.js';
import { METHODS } from '../core/api.js';
import type { KioskService } from './kiosk-service.js';
import type { Actor } from './sessions.js';
import type { Screen } from './staff-access.js';

export interface Call {
  /** The signed-in staff member; dispatch has already checked the method's role against it. */
  actor: Actor | null;
  session: string | null;
  /** The screen the call came from; its id also names it in the badge-flood rule. */
  screen: Screen;
}

type Handler<M extends MethodName> = (service: KioskService, input: z.output<(typeof METHODS)[M]['input']>, call: Call) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** A method's role guarantees an actor; this says so to the type checker. */
const by = (call: Call): Actor => call.actor!;

/**
 * Each contract method, wired to the service: which arguments it gets, and who it records as
 * acting. One entry per method, checked by the type system against core/api.ts.
 */
export const HANDLERS: { [M in MethodName]: Handler<M> } = {
  kioskInfo: (s) => s.kioskInfo(),
  checkin: (s, input, call) => s.checkin(input, { screen: call.screen, source: call.screen.id }),
  sellDayPass: (s, input) => s.sellDayPass(input),
  callStaff: (s, input) => s.callStaff(input),
  readerStatuses: (s) => s.readerStatuses(),
  // The token stays with the connection (dispatch takes it off the reply).
  staffNames: (s) => s.staffNames(),
  signIn: (s, input, call) => s.signIn(input, call.screen),
  signOut: (s, _input, call) => s.signOut(call.session),
  expectVisit: (s, input, call) => s.expectVisit(input, by(call)),
  listStatus: (s) => s.listStatus(),
  syncNow: (s, _input, call) => s.syncNow(by(call)),
  todaysVisits: (s, input) => s.todaysVisits(input),
  overrideVisit: (s, input, call) => s.overrideVisit(input, by(call)),
  voidVisit: (s, input, call) => s.voidVisit(input, by(call)),
  searchMembers: (s, input) => s.searchMembers(input),
  checkinMember: (s, input, call) => s.checkinMember(input, by(call)),
  importFeed: (s, input, call) => s.importFeed(input, { source: 'upload', actor: by(call) }),
  importCsv: (s, input, call) => s.importCsv(input, by(call)),
  getSetting: (s, input) => s.getSetting(input),
  setSetting: (s, input, call) => s.setSetting(input, by(call)),
  unsetSetting: (s, input, call) => s.unsetSetting(input, by(call)),
  listSettings: (s) => s.listSettings(),
  addStaff: (s, input, call) => s.addStaff(input, by(call)),
  listStaff: (s) => s.listStaff(),
  disableStaff: (s, input, call) => s.disableStaff(input, by(call)),
  auditLog: (s, input) => s.auditLog(input),
  erasePerson: (s, input, call) => s.erasePerson(input, by(call)),
  printerStatus: (s) => s.printerStatus(),
  testPrint: (s) => s.testPrint(),
  reprintBadge: (s, input, call) => s.reprintBadge(input, by(call)),
  prepareExport: (s, input, call) => s.prepareExport(input, by(call)),
};
