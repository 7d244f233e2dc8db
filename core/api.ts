import { z } from 'zod';
import type { PrintOutcome } from './badge.js';
import type { ReaderStatus } from './readers.js';
import type { Role } from './vocabulary.js';
import { CheckinInput, DayPassInput, ExpectedDayInput, ExpectInput, StaffCallInput } from './api/checkin.js';
import type { CheckinResult, DayPassResult, Expected, ExpectedVisit, TapNotSaved } from './api/checkin.js';
import { CallIdInput, CallIdsInput } from './api/desk-calls.js';
import type { DeskCalls, StaffCallReply } from './api/desk-calls.js';
import { AllianceJoinInput, RosterCsvInput } from './api/alliance.js';
import type { AllianceJoined, AllianceStatus, PassLinksFile, RosterChange } from './api/alliance.js';
import { VisitActionInput, OverrideInput, ManualCheckinInput, SearchInput, TodayInput } from './api/desk.js';
import type { MemberMatch, VisitView } from './api/desk.js';
import { ExportInput } from './api/export.js';
import { CheckOutInput, CheckOutVisitInput, MarkPaidInput } from './api/presence.js';
import type { CheckedOut, OnSite, PresenceChange } from './api/presence.js';
import type { KioskInfo, StorageProblem } from './api/kiosk-info.js';
import { VisitIdInput } from './api/printer.js';
import type { PrinterStatus, BadgeStatus } from './api/printer.js';
import { AuditInput, EraseInput } from './api/records.js';
import type { AuditView } from './api/records.js';
import { SettingKeyInput, SettingInput } from './api/settings.js';
import { StaffInput, SignInInput, StaffIdInput } from './api/staff.js';
import type { StaffMember, SignInReply, StaffName } from './api/staff.js';
import { ImportInput, CsvInput } from './api/visa-list.js';
import type { ListStatus, ImportResult } from './api/visa-list.js';

/**
 * The one contract between the kiosk service and its clients. The Electron IPC relay and
 * the WebSocket server are generic loops over `METHODS` and `EVENTS`: a method is added here,
 * handled by a domain service (service/kiosk/), listed in service/api-handlers.ts, and every
 * transport carries it. The schemas and result types live by domain in core/api/.
 */

const method = <I extends z.ZodType, O>(role: Role, input: I) => ({ role, input, output: undefined as unknown as O });

export const NoInput = z.strictObject({});

export const METHODS = {
  kioskInfo: method<typeof NoInput, KioskInfo>('kiosk', NoInput),
  checkin: method<typeof CheckinInput, CheckinResult>('kiosk', CheckinInput),
  sellDayPass: method<typeof DayPassInput, DayPassResult>('kiosk', DayPassInput),
  callStaff: method<typeof StaffCallInput, StaffCallReply>('kiosk', StaffCallInput),
  deskCalls: method<typeof NoInput, DeskCalls>('staff', NoInput),
  showingCalls: method<typeof CallIdsInput, DeskCalls>('staff', CallIdsInput),
  dismissCall: method<typeof CallIdInput, DeskCalls>('staff', CallIdInput),
  expectVisit: method<typeof ExpectInput, Expected>('staff', ExpectInput),
  expectedVisits: method<typeof ExpectedDayInput, ExpectedVisit[]>('staff', ExpectedDayInput),
  removeExpected: method<typeof ExpectInput, { memberId: string; date: string }>('staff', ExpectInput),
  listStatus: method<typeof NoInput, ListStatus>('staff', NoInput),
  readerStatuses: method<typeof NoInput, ReaderStatus[]>('kiosk', NoInput),
  importFeed: method<typeof ImportInput, ImportResult>('manager', ImportInput),
  importCsv: method<typeof CsvInput, ImportResult>('manager', CsvInput),
  syncNow: method<typeof NoInput, ImportResult & { url: string; changed: boolean }>('staff', NoInput),
  getSetting: method<typeof SettingKeyInput, unknown>('manager', SettingKeyInput),
  setSetting: method<typeof SettingInput, unknown>('manager', SettingInput),
  unsetSetting: method<typeof SettingKeyInput, unknown>('manager', SettingKeyInput),
  listSettings: method<typeof NoInput, Record<string, unknown>>('manager', NoInput),
  addStaff: method<typeof StaffInput, StaffMember>('manager', StaffInput),
  listStaff: method<typeof NoInput, (StaffMember & { hasBadge: boolean })[]>('manager', NoInput),
  disableStaff: method<typeof StaffIdInput, StaffMember>('manager', StaffIdInput),
  staffNames: method<typeof NoInput, StaffName[]>('kiosk', NoInput),
  signIn: method<typeof SignInInput, SignInReply>('kiosk', SignInInput),
  signOut: method<typeof NoInput, { signedOut: true }>('kiosk', NoInput),
  todaysVisits: method<typeof TodayInput, VisitView[]>('staff', TodayInput),
  overrideVisit: method<typeof OverrideInput, CheckinResult>('staff', OverrideInput),
  voidVisit: method<typeof VisitActionInput, VisitView>('staff', VisitActionInput),
  searchMembers: method<typeof SearchInput, MemberMatch[]>('staff', SearchInput),
  checkinMember: method<typeof ManualCheckinInput, CheckinResult>('staff', ManualCheckinInput),
  checkOut: method<typeof CheckOutInput, CheckedOut>('kiosk', CheckOutInput),
  checkOutVisit: method<typeof CheckOutVisitInput, CheckedOut>('staff', CheckOutVisitInput),
  onSiteNow: method<typeof NoInput, OnSite[]>('staff', NoInput),
  markPaid: method<typeof MarkPaidInput, VisitView>('staff', MarkPaidInput),
  auditLog: method<typeof AuditInput, { entries: AuditView[]; intact: boolean; problem: string | null }>('manager', AuditInput),
  erasePerson: method<typeof EraseInput, { erased: number }>('manager', EraseInput),
  printerStatus: method<typeof NoInput, PrinterStatus>('staff', NoInput),
  testPrint: method<typeof NoInput, PrintOutcome>('staff', NoInput),
  reprintBadge: method<typeof VisitIdInput, PrintOutcome>('staff', VisitIdInput),
  prepareExport: method<typeof ExportInput, { url: string; fileName: string }>('manager', ExportInput),
  allianceStatus: method<typeof NoInput, AllianceStatus>('manager', NoInput),
  allianceJoin: method<typeof AllianceJoinInput, AllianceJoined>('manager', AllianceJoinInput),
  alliancePreviewRoster: method<typeof RosterCsvInput, RosterChange>('manager', RosterCsvInput),
  alliancePublishRoster: method<typeof RosterCsvInput, RosterChange>('manager', RosterCsvInput),
  alliancePassLinks: method<typeof NoInput, PassLinksFile>('manager', NoInput),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodInput<M extends MethodName> = z.input<(typeof METHODS)[M]['input']>;
/** A method's input once its schema has passed it (defaults filled in): what the domain services take. */
export type ValidInput<M extends MethodName> = z.output<(typeof METHODS)[M]['input']>;
export type MethodOutput<M extends MethodName> = (typeof METHODS)[M]['output'];

/** The kiosk API as a client sees it: every method, async whatever the transport. */
export type KioskApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export const EVENTS = {
  /** A check-in decision, from any reader or client, as it happens. */
  checkin: undefined as unknown as CheckinResult,
  /** The installed visa list changed. */
  listChanged: undefined as unknown as ListStatus,
  /** The calls for staff nobody dismissed yet, and the webhook's state: on each call, showing, dismissal and delivery. */
  deskCalls: undefined as unknown as DeskCalls,
  /** A visit's badge was printed, or failed to print. */
  badgeStatus: undefined as unknown as BadgeStatus,
  /** A badge reader connected, went away, or refused a bad frame. */
  readerStatus: undefined as unknown as ReaderStatus,
  /** A reader's tap could not be saved: nothing was logged, the visitor should tap again. */
  tapNotSaved: undefined as unknown as TapNotSaved,
  /** Someone checked out, or came back: who is on site changed (a tap's own check-out is also a checkin event). */
  presence: undefined as unknown as PresenceChange,
  /** The kiosk's files became faulty, or well again: every problem there is now. */
  storage: undefined as unknown as StorageProblem[],
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = (typeof EVENTS)[E];

const RANK: Record<Role, number> = { kiosk: 0, staff: 1, manager: 2 };

/** True when a caller with role `held` may call a method that needs `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name);
}
