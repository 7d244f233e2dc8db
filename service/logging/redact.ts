/**
 * What never reaches a log file: people's names, emails and PINs, and session secrets. Fields
 * are judged by their name (`name`, `memberName`, `email`, `pin`…), free text by its look
 * (anything shaped like an email address). A space's name is public (the visa list carries it).
 */

export const REDACTED = '[redacted]';

const PERSONAL_KEY = /(name|mail|pin|phone|company|visiting|password|secret|token|ticket)$/;
const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[A-Za-z]{2,}/g;
const MAX_DEPTH = 6;

/** Keys judged so far: the same few dozen come with every tap's log line. */
const judged = new Map<string, boolean>();
const MAX_JUDGED = 1000;

function isPersonal(key: string): boolean {
  const known = judged.get(key);
  if (known !== undefined) return known;
  const k = key.toLowerCase().replace(/[^a-z]/g, '');
  const personal = !k.includes('space') && (PERSONAL_KEY.test(k) || k.startsWith('pin'));
  if (judged.size < MAX_JUDGED) judged.set(key, personal);
  return personal;
}

/** Free text with every email-looking word replaced. */
export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]');
}

/** A JSON-safe copy of a value with personal fields blanked and emails in text replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { message: redactText(value.message) };
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (field === undefined || typeof field === 'function') continue;
      out[key] = isPersonal(key) && field !== null && field !== '' ? REDACTED : redact(field, depth + 1);
    }
    return out;
  }
  return String(value);
}
