import type { TFunction } from 'i18next';
import type { ListCredentialFault } from '../core/credential-match';
import type { ValueProblem } from '../core/errors';
import type { CsvProblem, RecordPlace, RecordProblem, SharedCredential } from '../core/record-problem';
import { shown } from './quoted';

/** How many of a card's holders are named before "and N more". */
const HOLDERS_NAMED = 5;

/** The first few of a list's values (ids, holders), each shortened, and how many more there are. */
export function someOf(t: TFunction, values: string[], named = HOLDERS_NAMED): string {
  const list = values.slice(0, named).map(shown).join(', ');
  return values.length > named ? t('problem.csv.more', { problems: list, count: values.length - named }) : list;
}

/** Every text value of a problem shortened, numbers as they are. */
const shownValues = <T extends object>(problem: T): T =>
  Object.fromEntries(Object.entries(problem).map(([key, value]) => [key, typeof value === 'string' ? shown(value) : value])) as T;

/** What a value fails, in words: a value not among the allowed ones is quoted, with them. */
export function valueText(t: TFunction, problem: ValueProblem): string {
  if (problem.kind === 'not_one_of') return t('problem.value.not_one_of', { value: shown(problem.value), choices: problem.choices.map(shown).join(', ') });
  return t(`problem.value.${problem.kind}`, problem);
}
const credentialText = (t: TFunction, fault: ListCredentialFault) => t(`problem.credential.${fault.kind}`, fault);

/** "Member 8 (cc-8)": counted from 1 as a person counts records, the id as the feed writes it. */
function recordText(t: TFunction, at: RecordPlace): string {
  const number = at.index + 1;
  const kind = at.list === 'spaces' ? 'space' : 'member';
  return at.id === null ? t(`problem.record.${kind}`, { number }) : t(`problem.record.${kind}Id`, { number, id: shown(at.id) });
}

/** Why a record of a feed was left out, in the screen's language; field names stay the feed's. */
export function recordProblemText(t: TFunction, problem: RecordProblem): string {
  switch (problem.what) {
    case 'shared_credential':
      return t('problem.record.shared_credential', { credential: shown(problem.credential), holders: someOf(t, problem.holders) });
    case 'listed_twice':
      return t('problem.record.listed_twice', { record: recordText(t, problem.at) });
    case 'unknown_space':
      return t('problem.record.unknown_space', { record: recordText(t, problem.at), space: shown(problem.space) });
    case 'value':
    case 'credential': {
      const record = recordText(t, problem.at);
      const words = problem.what === 'value' ? valueText(t, problem.problem) : credentialText(t, problem.problem);
      return problem.at.field === null
        ? t('problem.record.whole', { record, problem: words })
        : t('problem.record.field', { record, field: shown(problem.at.field), problem: words });
    }
  }
}

/** One reason a member CSV was refused, in the screen's language; column names stay the CSV's. */
export function csvProblemText(t: TFunction, problem: CsvProblem): string {
  switch (problem.what) {
    case 'value':
      return t('problem.csv.value', { row: problem.row, field: shown(problem.field), problem: valueText(t, problem.problem) });
    case 'credential':
      return t('problem.csv.credential', { row: problem.row, entry: shown(problem.entry), problem: credentialText(t, problem.problem) });
    case 'syntax':
      return t(`problem.csv.${problem.fault}`, { row: problem.row });
    default:
      return t(`problem.csv.${problem.what}`, shownValues(problem));
  }
}

/** The first few reasons, and how many more there are. */
const someReasons = (t: TFunction, reasons: string[], more: number): string => {
  const named = reasons.join('; ');
  return more > 0 ? t('problem.csv.more', { problems: named, count: more }) : named;
};

/** The first few reasons a CSV was refused, and how many more there are. */
export function csvRefusedText(t: TFunction, problems: CsvProblem[], more: number): string {
  return t('problem.csv.refused', {
    problems: someReasons(
      t,
      problems.map((problem) => csvProblemText(t, problem)),
      more,
    ),
  });
}

/** The same for a roster being published: nothing was installed or sent, and a row of another space is not this kiosk's. */
export function rosterRefusedText(t: TFunction, space: string, problems: CsvProblem[], more: number): string {
  const reasons = problems.map((problem) =>
    problem.what === 'unknown_space'
      ? t('problem.csv.not_own_space', { row: problem.row, space: shown(problem.space), own: shown(space) })
      : csvProblemText(t, problem),
  );
  return t('problem.csv.roster_refused', { problems: someReasons(t, reasons, more) });
}

export function csvSharedText(t: TFunction, shared: SharedCredential[]): string {
  const each = shared.map((s) => t('problem.csv.shared_credential', { credential: shown(s.credential), holders: someOf(t, s.holders) }));
  return t('problem.csv.shared', { shared: each.join('; ') });
}
