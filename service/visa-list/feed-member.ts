import { z } from 'zod';
import { ListForm, parseListCredential } from '../../core/credential-match.js';
import { FeedMember } from '../../core/feed.js';
import type { RecordPlace, RecordProblem } from '../../core/record-problem.js';
import { describeIssueOf, issuePath, valueProblem } from '../../core/schema-messages.js';
import type { InstallableMember } from '../../db/visa-list.js';
import { place, recordId, type Problems } from './record-problems.js';

// The rules of core/feed.ts FeedMember, checked by hand for the common case: a record that
// passes here passes the schema too (test/bench/list-import.test.ts holds them together);
// anything else goes through the schema itself, which names what is wrong.
const ID = /^[A-Za-z0-9._-]+$/;
const EMAIL = z.regexes.email;
const DATE = z.regexes.date;
const isId = (value: unknown): value is string => typeof value === 'string' && value.length <= 100 && ID.test(value);
const isListForm = (value: unknown): value is ListForm => (ListForm.options as readonly unknown[]).includes(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record as the schema would give it, when it plainly fits the schema; null when the schema must decide. */
export function plainMember(raw: unknown): FeedMember | null {
  if (!isPlainObject(raw)) return null;
  const { id, space, name, email, status, validUntil, credentials } = raw;
  if (!isId(id) || !isId(space)) return null;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return null;
  if (email !== undefined && (typeof email !== 'string' || (email !== '' && !EMAIL.test(email)))) return null;
  if (status !== 'active' && status !== 'suspended' && status !== 'expired') return null;
  if (validUntil !== undefined && validUntil !== null && (typeof validUntil !== 'string' || !DATE.test(validUntil))) return null;
  const list: FeedMember['credentials'] = [];
  if (credentials !== undefined) {
    if (!Array.isArray(credentials) || credentials.length > 20) return null;
    for (const c of credentials as unknown[]) {
      if (!isPlainObject(c)) return null;
      const { kind, value, form } = c;
      if ((kind !== 'rfid' && kind !== 'barcode') || typeof value !== 'string' || value.length === 0 || value.length > 256) return null;
      if (form === undefined) list.push({ kind, value });
      else if (kind === 'rfid' && isListForm(form)) list.push({ kind, form, value });
      else return null;
    }
  }
  return { id, space, name, email: (email as string | undefined) ?? '', status, validUntil: validUntil as string | null | undefined, credentials: list };
}

/** A schema issue as data: a form given to a barcode is a credential's fault, the rest a field's value. */
function issueProblem(raw: unknown, issue: z.core.$ZodIssue, at: RecordPlace): RecordProblem {
  if (issue.code === 'custom' && issue.params?.fault === 'form_for_barcode') {
    const [, j] = issue.path;
    const form = (raw as { credentials: { form: ListForm }[] }).credentials[j as number]!.form;
    return { what: 'credential', at: { ...at, field: `credentials[${String(j)}]` }, problem: { kind: 'form_for_barcode', form } };
  }
  return { what: 'value', at, problem: valueProblem(issue) };
}

/** A member record from a feed, checked on its own: schema, then credentials in canonical form. */
export function readMember(raw: unknown, index: number, problems: Problems): InstallableMember | null {
  let member = plainMember(raw);
  const rawId = recordId(raw);
  const id = rawId === null ? '' : ` (${rawId})`;
  if (!member) {
    const parsed = FeedMember.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.add(describeIssueOf(`members[${index}]${id}`, issue), issueProblem(raw, issue, place('members', index, rawId, issuePath(issue) || null)));
      return null;
    }
    member = parsed.data;
  }
  const credentials: InstallableMember['credentials'] = [];
  for (let j = 0; j < member.credentials.length; j++) {
    const c = member.credentials[j]!;
    const parsed = parseListCredential(c.kind, c.value, c.form);
    if (!parsed.ok) {
      problems.add(`members[${index}]${id}.credentials[${j}]: ${parsed.error}`, {
        what: 'credential',
        at: place('members', index, rawId, `credentials[${j}]`),
        problem: parsed.fault,
      });
      return null;
    }
    const credential = parsed.credential;
    // The same credential given twice by one member is one credential.
    if (!credentials.some((k) => k.kind === credential.kind && k.value === credential.value && k.bits === credential.bits)) credentials.push(credential);
  }
  return {
    id: member.id,
    spaceId: member.space,
    name: member.name,
    email: member.email,
    status: member.status,
    validUntil: member.validUntil ?? null,
    credentials,
  };
}
