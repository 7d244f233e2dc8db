import type { ReasonCode } from './vocabulary.js';

/** Plain English for each reason code: what happened and what the visitor can do next. */
export const REASON_TEXT: Record<ReasonCode, string> = {
  member: 'member of this space',
  visa: 'Coworking Visa visitor',
  day_pass: 'day pass',
  unknown_credential: 'this badge is not on the visa list',
  ambiguous_credential: 'this badge number fits more than one member: use a barcode or a visa pass, or ask staff to pick the member',
  member_inactive: 'this membership is not active at the home space',
  membership_expired: 'this membership has expired',
  space_not_participating: 'the home space is not taking part in the Coworking Visa here',
  notice_required: 'this space asks visa visitors to announce their visit in advance',
  visa_days_used_up: 'all free visa days for this month are used',
  pass_invalid: 'this is not a visa pass of this alliance, or it was altered',
  pass_expired: 'this visa pass has expired: the member can get a new one from their space',
};
