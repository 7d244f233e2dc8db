/** The kiosk's words, in English; the other languages mirror these keys (checked by type). */
export const en = {
  language: { label: 'Language', en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español' },
  welcome: {
    prompt: 'Tap your badge or scan your pass',
    guest: 'I’m a guest',
    typeBadge: 'Type my badge number',
    readersReady: 'Badge reader ready',
    readersDown: 'Badge reader not connected: please ask at the desk',
    staff: 'Staff',
  },
  admitted: {
    heading: 'Welcome, {{name}}',
    member: 'Member of {{space}}',
    visa: 'Coworking Visa · {{space}}',
    visaDay: 'Visa day {{used}} of {{allowed}} this month',
    dayPass: 'Day pass for today',
    repeat: 'You are already checked in today.',
  },
  denied: {
    heading: 'We can’t check you in',
    unknown_credential: 'This badge is not on the Coworking Visa list.',
    badgeNumber: 'Badge number read: {{value}}',
    member_inactive: 'Your membership at {{space}} is not active.',
    membership_expired: 'Your membership at {{space}} has expired.',
    space_not_participating: '{{space}} does not take part in the Coworking Visa here.',
    notice_required: 'Visa visitors need to announce their visit here in advance.',
    visa_days_used_up: 'You have used your {{allowed}} free visa days this month.',
    next: 'You can buy a day pass, or ask someone at the desk.',
  },
  actions: {
    buyDayPass: 'Buy a day pass · {{price}}',
    callStaff: 'Call staff',
    done: 'Done',
    cancel: 'Cancel',
    checkIn: 'Check in',
  },
  staffCalled: 'Someone from the front desk is on their way.',
  typeBadge: { heading: 'Type your badge number', field: 'Badge number' },
  guest: {
    heading: 'Day pass',
    price: 'A day pass costs {{price}}, paid at the front desk.',
    name: 'Your name',
    email: 'Email (optional)',
    company: 'Company (optional)',
    visiting: 'Who are you visiting? (optional)',
    privacy: 'We keep your name and email for {{days}} days to know who is in the building, then erase them.',
    submit: 'Check in · {{price}}',
    nameRequired: 'Please type your name.',
  },
  guestDone: {
    heading: 'You’re checked in, {{name}}',
    pay: 'Please pay {{price}} at the front desk.',
  },
  keyboard: { space: 'Space', backspace: 'Delete', shift: 'Shift', label: 'On-screen keyboard' },
  pin: { ok: 'OK', entered: '{{count}} digits entered', wrong: 'That PIN is not right.' },
  exit: { heading: 'Leave kiosk mode', explain: 'A manager’s PIN is needed to close the kiosk.', pin: 'Manager PIN' },
  error: 'Something went wrong. Please ask at the front desk.',
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Catalog = Shape<typeof en>;
