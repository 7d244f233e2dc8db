import type { MethodName, MethodOutput, ValidInput } from '../core/api.js';
import type { Kiosk } from './kiosk.js';
import type { Actor } from './sessions.js';
import type { Screen } from './staff-access.js';

export interface Call {
  /** The signed-in staff member; dispatch has already checked the method's role against it. */
  actor: Actor | null;
  session: string | null;
  /** The screen the call came from; its id also names it in the badge-flood rule. */
  screen: Screen;
}

type Handler<M extends MethodName> = (kiosk: Kiosk, input: ValidInput<M>, call: Call) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** A method's role guarantees an actor; this says so to the type checker. */
const by = (call: Call): Actor => call.actor!;

/**
 * Each contract method, wired to the domain service that handles it: which arguments it gets,
 * and who it records as acting. One entry per method, checked by the type system against core/api.ts.
 */
export const HANDLERS: { [M in MethodName]: Handler<M> } = {
  kioskInfo: (k) => k.desk.info(),
  checkin: (k, input, call) => k.desk.checkin(input, { screen: call.screen, source: call.screen.id }),
  sellDayPass: (k, input) => k.desk.sellDayPass(input),
  callStaff: (k, input, call) => k.outbox.callStaff(input, call.screen),
  deskCalls: (k) => k.outbox.calls(),
  showingCalls: (k, input) => k.outbox.showing(input),
  dismissCall: (k, input, call) => k.outbox.dismiss(input, by(call)),
  readerStatuses: (k) => k.readerStatuses(),
  staffNames: (k) => k.staff.names(),
  // The token stays with the connection (dispatch takes it off the reply).
  signIn: (k, input, call) => k.staff.signIn(input, call.screen),
  signOut: (k, _input, call) => k.staff.signOut(call.session),
  expectVisit: (k, input, call) => k.desk.expectVisit(input, by(call)),
  expectedVisits: (k, input) => k.desk.expectedVisits(input),
  removeExpected: (k, input, call) => k.desk.removeExpected(input, by(call)),
  listStatus: (k) => k.visaList.status(),
  syncNow: (k, _input, call) => k.visaList.syncNow(by(call)),
  todaysVisits: (k, input) => k.desk.todaysVisits(input),
  overrideVisit: (k, input, call) => k.desk.overrideVisit(input, by(call), call.screen),
  voidVisit: (k, input, call) => k.desk.voidVisit(input, by(call)),
  searchMembers: (k, input) => k.desk.searchMembers(input),
  checkinMember: (k, input, call) => k.desk.checkinMember(input, by(call), call.screen),
  checkOut: (k, input) => k.presence.checkOut(input),
  checkOutVisit: (k, input, call) => k.presence.checkOutVisit(input, by(call)),
  onSiteNow: (k) => k.presence.onSiteNow(),
  markPaid: (k, input, call) => k.presence.markPaid(input, by(call)),
  importFeed: (k, input, call) => k.visaList.importFeed(input, { source: 'upload', actor: by(call) }),
  importCsv: (k, input, call) => k.visaList.importCsv(input, by(call)),
  getSetting: (k, input) => k.settings.get(input),
  setSetting: (k, input, call) => k.settings.set(input, by(call)),
  unsetSetting: (k, input, call) => k.settings.unset(input, by(call)),
  listSettings: (k) => k.settings.list(),
  addStaff: (k, input, call) => k.staff.add(input, by(call)),
  listStaff: (k) => k.staff.list(),
  disableStaff: (k, input, call) => k.staff.disable(input, by(call)),
  auditLog: (k, input) => k.maintenance.auditLog(input),
  erasePerson: (k, input, call) => k.maintenance.erasePerson(input, by(call)),
  printerStatus: (k) => k.badges.printerStatus(),
  testPrint: (k) => k.badges.testPrint(),
  reprintBadge: (k, input, call) => k.badges.reprint(input, by(call)),
  prepareExport: (k, input, call) => k.exports.prepare(input, by(call)),
  allianceStatus: (k) => k.alliance.status(),
  allianceJoin: (k, input, call) => k.alliance.joinFromConsole(input, by(call)),
  alliancePreviewRoster: (k, input) => k.alliance.publishCsv(input.csv, true),
  alliancePublishRoster: (k, input) => k.alliance.publishCsv(input.csv, false),
  alliancePassLinks: (k, _input, call) => k.alliance.passLinks(by(call)),
};
