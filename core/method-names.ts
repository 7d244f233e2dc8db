import type { EventName, MethodName } from './api.js';

/**
 * The names of the contract's methods and events, without their schemas: what the preload and the
 * renderer's client need to build their calls. Importing core/api.ts instead would bundle zod and
 * every schema into the sandboxed preload. test/unit/method-names.test.ts checks these lists equal
 * the keys of METHODS and EVENTS, and the types below refuse a list that misses or invents a name.
 */
export const METHOD_NAMES = [
  'kioskInfo',
  'checkin',
  'sellDayPass',
  'callStaff',
  'deskCalls',
  'showingCalls',
  'dismissCall',
  'expectVisit',
  'expectedVisits',
  'removeExpected',
  'listStatus',
  'readerStatuses',
  'importFeed',
  'importCsv',
  'syncNow',
  'getSetting',
  'setSetting',
  'unsetSetting',
  'listSettings',
  'addStaff',
  'listStaff',
  'disableStaff',
  'staffNames',
  'signIn',
  'signOut',
  'todaysVisits',
  'overrideVisit',
  'voidVisit',
  'searchMembers',
  'checkinMember',
  'checkOut',
  'checkOutVisit',
  'onSiteNow',
  'markPaid',
  'auditLog',
  'erasePerson',
  'printerStatus',
  'testPrint',
  'reprintBadge',
  'prepareExport',
  'allianceStatus',
  'allianceJoin',
  'alliancePreviewRoster',
  'alliancePublishRoster',
  'alliancePassLinks',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = [
  'checkin',
  'listChanged',
  'deskCalls',
  'badgeStatus',
  'readerStatus',
  'tapNotSaved',
  'presence',
  'storage',
] as const satisfies readonly EventName[];

type NoneMissing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
type Holds<T extends true> = T;
/** Fails to compile when a method or event of core/api.ts is missing from the lists above. */
export type NamesComplete = Holds<NoneMissing<MethodName, (typeof METHOD_NAMES)[number]>> & Holds<NoneMissing<EventName, (typeof EVENT_NAMES)[number]>>;

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}
