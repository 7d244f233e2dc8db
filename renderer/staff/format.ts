/**
 * Where the kiosk is: its space's time zone and country (null before a visa list names the
 * space). Dates and times on screen follow it and the kiosk's language, never the browser's.
 */
export interface Place {
  timeZone: string | undefined;
  country: string | undefined;
}

/** The kiosk's language as written in its space's country: "en-PT" writes 23:37 and 25/10/2026, "en-US" 11:37 PM. */
function localeOf(language: string, place: Place): string {
  return place.country ? `${language}-${place.country}` : language;
}

function zoned(place: Place): { timeZone?: string } {
  return place.timeZone ? { timeZone: place.timeZone } : {};
}

/** Times and dates as the front desk reads them: on the space's own wall clock, whatever device shows the page. */
export function timeOf(iso: string, language: string, place: Place): string {
  return new Intl.DateTimeFormat(localeOf(language, place), { hour: 'numeric', minute: '2-digit', ...zoned(place) }).format(new Date(iso));
}

export function dateTimeOf(iso: string, language: string, place: Place): string {
  return new Intl.DateTimeFormat(localeOf(language, place), { dateStyle: 'medium', timeStyle: 'short', ...zoned(place) }).format(new Date(iso));
}

/** A date written YYYY-MM-DD, as the service takes it: the space's calendar date at that instant. */
export function localDateOf(at: Date, place: Place): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...zoned(place) }).format(at);
}

/** A calendar date (YYYY-MM-DD) at noon UTC, so formatting it in UTC never moves it to another day. */
function noonOf(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day, 12));
}

/** A calendar date in words: "Sonntag, 6. Dezember 2026", "Sunday 6 December 2026" (en-PT). */
export function dateInWords(date: string, language: string, place: Place): string {
  return new Intl.DateTimeFormat(localeOf(language, place), { dateStyle: 'full', timeZone: 'UTC' }).format(noonOf(date));
}

/** A day's name and date, short, for a button: "Di., 8. Dez.", "Tue 8 Dec". */
export function dayLabel(date: string, language: string, place: Place): string {
  return new Intl.DateTimeFormat(localeOf(language, place), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(noonOf(date));
}

/** The month's name in the kiosk's language, for a picker: 1 → "Januar". */
export function monthName(month: number, language: string, place: Place): string {
  return new Intl.DateTimeFormat(localeOf(language, place), { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 15)));
}

/** The order the kiosk's language writes day, month and year in: ["day", "month", "year"] for de, ["month", "day", "year"] for en-US. */
export function datePartOrder(language: string, place: Place): ('day' | 'month' | 'year')[] {
  return new Intl.DateTimeFormat(localeOf(language, place), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
    .formatToParts(noonOf('2026-12-06'))
    .map((part) => part.type)
    .filter((type): type is 'day' | 'month' | 'year' => type === 'day' || type === 'month' || type === 'year');
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const at = noonOf(date);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
