/**
 * Times and dates as the front desk reads them: on the space's own wall clock, whatever the
 * timezone of the device showing the page.
 */
export function timeOf(iso: string, language: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', ...(timeZone && { timeZone }) }).format(new Date(iso));
}

export function dateTimeOf(iso: string, language: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone && { timeZone }) }).format(new Date(iso));
}

/** A date written YYYY-MM-DD, as the service takes it. */
export function localDateOf(at: Date, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone && { timeZone }) }).format(at);
}
