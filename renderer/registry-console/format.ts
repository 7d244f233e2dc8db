/**
 * A moment as the coordinator's language writes it, on the browser's clock and saying which:
 * "5 Dec 2026, 14:03 CET". Spaces and kiosks are in other zones, so an hour alone is ambiguous.
 */
export function formatWhen(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A file size in kilobytes or megabytes, in the coordinator's language. */
export function formatBytes(bytes: number, language: string): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
