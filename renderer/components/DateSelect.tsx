import { useTranslation } from 'react-i18next';
import { datePartOrder, monthName, type Place } from '../staff/format';

const YEARS_BACK = 10;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A calendar date (YYYY-MM-DD) as three lists, day, month by name and year, in the order the
 * kiosk's language writes them; the browser's own date field would follow its locale instead.
 */
export function DateSelect(props: { label: string; value: string; thisYear: number; place: Place; onChange: (date: string) => void }) {
  const { t, i18n } = useTranslation();
  const [year, month, day] = props.value.split('-').map(Number) as [number, number, number];
  const change = (next: { year?: number; month?: number; day?: number }) => {
    const y = next.year ?? year;
    const m = next.month ?? month;
    // A day past the month's end (31 February) becomes its last day.
    const d = Math.min(next.day ?? day, daysIn(y, m));
    props.onChange(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  };
  const years = Array.from({ length: YEARS_BACK + 2 }, (_, i) => props.thisYear + 1 - i);
  const lists = {
    day: (
      <select key="day" aria-label={t('when.day')} value={day} onChange={(e) => change({ day: Number(e.target.value) })}>
        {Array.from({ length: daysIn(year, month) }, (_, i) => (
          <option key={i + 1} value={i + 1}>
            {i + 1}
          </option>
        ))}
      </select>
    ),
    month: (
      <select key="month" aria-label={t('when.month')} value={month} onChange={(e) => change({ month: Number(e.target.value) })}>
        {Array.from({ length: 12 }, (_, i) => (
          <option key={i + 1} value={i + 1}>
            {monthName(i + 1, i18n.language, props.place)}
          </option>
        ))}
      </select>
    ),
    year: (
      <select key="year" aria-label={t('when.year')} value={year} onChange={(e) => change({ year: Number(e.target.value) })}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    ),
  };
  return (
    <fieldset className="date-select">
      <legend>{props.label}</legend>
      {datePartOrder(i18n.language, props.place).map((part) => lists[part])}
    </fieldset>
  );
}
